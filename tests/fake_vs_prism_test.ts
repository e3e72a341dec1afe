/**
 * The fake's answers agree in shape with Prism's for the same calls: Prism serves the 3.2.1
 * spec with its examples (every property filled in), and each object the fake sends must have
 * the same keys, with values of the same JSON types, where neither side is null.
 */
import assert from "node:assert/strict";
import { startPrism } from "../scripts/prism.ts";
import { exampleDags, FakeAirflow, type FakeDag, ManualClock } from "../src/testing/mod.ts";

const SPEC = new URL("../../shared/openapi/airflow-3.2.1-api-v2.yaml", import.meta.url).pathname;
const RUN = "/api/v2/dags/etl_daily/dagRuns/r1";
const TI = `${RUN}/taskInstances/load`;
const MAPPED = "/api/v2/dags/mapped/dagRuns/m1/taskInstances/each";
const HITL = "/api/v2/dags/release/dagRuns/h1";

/** DAGs beside the examples, for the operations on assets, backfills, mapped tasks and HITL. */
const MORE_DAGS: FakeDag[] = [
  { dag_id: "ingest", tasks: [{ task_id: "store", outlets: ["orders"] }] },
  { dag_id: "prices", tasks: [{ task_id: "fetch", outlets: ["prices"] }] },
  { dag_id: "report", schedule: ["orders", "prices"], tasks: [{ task_id: "build" }] },
  { dag_id: "daily", schedule: "@daily", tasks: [{ task_id: "work" }] },
  { dag_id: "weekly", schedule: "@weekly", tasks: [{ task_id: "work" }] },
  { dag_id: "mapped", tasks: [{ task_id: "each", mapped: 2, pool: "missing" }] },
  {
    dag_id: "release",
    tasks: [{ task_id: "approve", hitl: { subject: "Ship?", options: ["Yes", "No"] } }],
  },
];

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
  ["GET", `${TI}/dependencies`],
  ["GET", `${TI}/links`],
  ["PATCH", TI, { note: "checked" }],
  ["PATCH", `${TI}/dry_run`, { new_state: "failed" }],
  ["PATCH", `${RUN}/taskInstances`, { actions: [{ action: "delete", entities: ["load"] }] }],
  ["GET", `${MAPPED}/listMapped`],
  ["GET", `${MAPPED}/0`],
  ["GET", `${MAPPED}/0/tries`],
  ["GET", `${HITL}/hitlDetails`],
  ["GET", `${HITL}/taskInstances/approve/-1/hitlDetails`],
  ["GET", "/api/v2/assets?limit=2"],
  ["GET", "/api/v2/assets/1"],
  ["GET", "/api/v2/assets/aliases"],
  ["POST", "/api/v2/assets/events", { asset_id: 1, extra: {} }],
  ["GET", "/api/v2/assets/events"],
  ["GET", "/api/v2/assets/1/queuedEvents"],
  ["GET", "/api/v2/dags/report/assets/queuedEvents"],
  ["GET", "/api/v2/dags/report/assets/1/queuedEvents"],
  ["POST", "/api/v2/assets/2/materialize"],
  ["GET", "/api/v2/backfills?dag_id=daily"],
  ["GET", "/api/v2/backfills/1"],
  [
    "POST",
    "/api/v2/backfills/dry_run",
    { dag_id: "daily", from_date: "2026-11-01T00:00:00Z", to_date: "2026-11-03T00:00:00Z" },
  ],
  ["GET", "/api/v2/config"],
  ["GET", "/api/v2/config/section/core/option/executor"],
  ["GET", "/api/v2/dagStats"],
  ["GET", "/api/v2/dagWarnings"],
  ["GET", "/api/v2/eventLogs"],
  ["GET", "/api/v2/importErrors"],
  ["GET", "/api/v2/importErrors/1"],
  ["GET", "/api/v2/jobs"],
  ["GET", "/api/v2/plugins"],
  ["GET", "/api/v2/plugins/importErrors"],
  ["GET", "/api/v2/providers"],
  ["PATCH", "/api/v2/pools", {
    actions: [{ action: "create", entities: [{ name: "p", slots: 1 }] }],
  }],
];

/** Airflow serves these without credentials; Prism refuses a bearer token on them. */
const PUBLIC = new Set(["/api/v2/version", "/api/v2/monitor/health"]);

/** Objects the spec leaves open (maps, `additionalProperties`): their keys are free. */
const OPEN_OBJECTS = new Set([
  ".owner_links",
  ".content[]",
  ".extra_links",
  ".extra",
  ".asset_events[].extra",
  ".assets[].extra",
  ".errors[]",
  ".create.errors[]",
  ".delete.errors[]",
  ".update.errors[]",
]);
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
    dags: [...exampleDags(), ...MORE_DAGS],
    runs: [
      { dag_id: "etl_daily", dag_run_id: "r1", triggeredAt: "2026-11-21T11:00:00Z" },
      { dag_id: "mapped", dag_run_id: "m1", triggeredAt: "2026-11-21T11:00:00Z" },
      { dag_id: "release", dag_run_id: "h1", triggeredAt: "2026-11-21T11:00:00Z" },
    ],
    variables: [{ key: "region", value: "eu-west-1" }],
    connections: [{ connection_id: "warehouse", conn_type: "postgres", host: "db", port: 5432 }],
    assets: [{ name: "orders", aliases: ["sales"] }],
    backfills: [
      { dag_id: "daily", from_date: "2026-11-01T00:00:00Z", to_date: "2026-11-02T00:00:00Z" },
    ],
    importErrors: [{ filename: "broken.py", stack_trace: "SyntaxError" }],
    plugins: [{ name: "lineage" }],
    pluginImportErrors: [{ source: "bad.py", error: "ImportError" }],
    config: { api: { expose_config: "True" }, core: { test_connection: "Enabled" } },
    externalLogUrl: "https://logs.example/{log_id}",
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
