/**
 * The fake's answers agree in shape with Prism's for the same calls: Prism serves the 3.2.1
 * spec with its examples (every property filled in), and each object the fake sends must have
 * the same keys, with values of the same JSON types, where neither side is null.
 */
import assert from "node:assert/strict";
import { startPrism } from "../scripts/prism.ts";
import { exampleDags, FakeAirflow, ManualClock } from "../src/testing/mod.ts";

const SPEC = new URL("../../shared/openapi/airflow-3.2.1-api-v2.yaml", import.meta.url).pathname;
const RUN = "/api/v2/dags/etl_daily/dagRuns/r1";
const TI = `${RUN}/taskInstances/load`;

/** Method, path, body, and the status to compare. */
const CALLS: [string, string, unknown?, number?][] = [
  ["GET", "/api/v2/version"],
  ["GET", "/api/v2/monitor/health"],
  ["GET", "/api/v2/dags?limit=2"],
  ["GET", "/api/v2/dags/etl_daily"],
  ["GET", "/api/v2/dags/etl_daily/details"],
  ["PATCH", "/api/v2/dags/etl_daily", { is_paused: false }],
  ["GET", "/api/v2/dags/etl_daily/tasks"],
  ["GET", "/api/v2/dags/etl_daily/tasks/load"],
  ["GET", "/api/v2/dags/etl_daily/dagRuns?limit=2"],
  ["GET", RUN],
  ["POST", "/api/v2/dags/etl_daily/dagRuns", { logical_date: null, conf: {} }],
  ["GET", `${RUN}/taskInstances?limit=2`],
  ["GET", TI],
  ["GET", `${TI}/tries`],
  ["GET", `${TI}/tries/1`],
  ["GET", `${TI}/logs/1`],
  ["GET", `${TI}/xcomEntries`],
  ["GET", `${TI}/xcomEntries/return_value`],
  ["GET", "/api/v2/pools"],
  ["GET", "/api/v2/pools/default_pool"],
  ["GET", "/api/v2/variables"],
  ["GET", "/api/v2/variables/region"],
  ["GET", "/api/v2/connections"],
  ["GET", "/api/v2/connections/warehouse"],
  ["GET", "/api/v2/dags/missing", undefined, 404],
  ["POST", "/api/v2/dags/etl_daily/dagRuns", { conf: "not an object" }, 422],
];

/** Airflow serves these without credentials; Prism refuses a bearer token on them. */
const PUBLIC = new Set(["/api/v2/version", "/api/v2/monitor/health"]);

/** Objects the spec leaves open (maps, `additionalProperties`): their keys are free. */
const OPEN_OBJECTS = new Set([".owner_links", ".content[]"]);
/** Optional keys that Airflow, like the fake, sends only for some answers. */
const MAY_BE_ABSENT = new Set([".detail[].ctx"]);

/** Differences between two JSON values, by path from the top (`.dags[].tags`). */
function differences(fake: unknown, prism: unknown, path = ""): string[] {
  if (fake === null || prism === null) return [];
  const kind = (value: unknown) => Array.isArray(value) ? "array" : typeof value;
  if (kind(fake) !== kind(prism)) {
    return [`${path}: the fake sends ${kind(fake)}, Prism ${kind(prism)}`];
  }
  if (Array.isArray(fake) && Array.isArray(prism)) {
    return fake.length > 0 && prism.length > 0 ? differences(fake[0], prism[0], `${path}[]`) : [];
  }
  if (typeof fake !== "object" || OPEN_OBJECTS.has(path)) return [];
  const fakeObject = fake as Record<string, unknown>;
  const prismObject = prism as Record<string, unknown>;
  if (Object.keys(prismObject).length === 0) return [];
  const found: string[] = [];
  for (const key of new Set([...Object.keys(prismObject), ...Object.keys(fakeObject)])) {
    const where = `${path}.${key}`;
    if (!(key in fakeObject)) {
      if (!MAY_BE_ABSENT.has(where)) found.push(`${where}: missing from the fake's answer`);
    } else if (!(key in prismObject)) found.push(`${where}: not in Prism's answer`);
    else found.push(...differences(fakeObject[key], prismObject[key], where));
  }
  return found;
}

Deno.test("the fake's answers have the shape of Prism's on the 3.2.1 spec", async () => {
  const clock = new ManualClock(Date.parse("2026-11-21T12:00:00Z"));
  const fake = new FakeAirflow({
    clock,
    dags: exampleDags(),
    runs: [{ dag_id: "etl_daily", dag_run_id: "r1", triggeredAt: "2026-11-21T11:00:00Z" }],
    variables: [{ key: "region", value: "eu-west-1" }],
    connections: [{ connection_id: "warehouse", conn_type: "postgres", host: "db", port: 5432 }],
  });
  const minted = await fake.fetch("/auth/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "admin" }),
  });
  const { access_token: token } = await minted.json();
  const prism = await startPrism(SPEC, false);
  try {
    const problems: string[] = [];
    for (const [method, path, body, status = 200] of CALLS) {
      const init = (prefer: boolean): RequestInit => ({
        method,
        headers: {
          ...(PUBLIC.has(path) ? {} : { authorization: `Bearer ${token}` }),
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(prefer ? { prefer: `code=${status}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const fromFake = await fake.fetch(`${fake.baseUrl}${path}`, init(false));
      const fromPrism = await fetch(`${prism.url}${path}`, init(true));
      assert.equal(fromFake.status, status, `${method} ${path} on the fake`);
      assert.equal(fromPrism.status, status, `${method} ${path} on Prism`);
      const found = differences(await fromFake.json(), await fromPrism.json());
      problems.push(...found.map((problem) => `${method} ${path}: ${problem}`));
    }
    assert.deepEqual(problems, []);
  } finally {
    await prism.close();
  }
});
