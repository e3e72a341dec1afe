import assert from "node:assert/strict";
import { Airflow, AirflowError, RequestValidationError } from "../mod.ts";
import { dag, fakeFetch, json } from "./helpers/fake_fetch.ts";

const BASE = "http://airflow.test/prefix/";

function client(handler = () => json(dag("etl"))) {
  const fake = fakeFetch(handler);
  return {
    airflow: new Airflow({ baseUrl: BASE, auth: { token: "t" }, fetch: fake.fetch }),
    ...fake,
  };
}

const run = {
  dag_id: "etl",
  dag_run_id: "r",
  run_after: "2026-11-20T10:00:00Z",
  run_type: "manual",
  state: "queued",
  dag_versions: [],
};

/** Each call must reject with a RequestValidationError matching its pattern, sending nothing. */
async function assertRefusedBeforeSending(
  cases: [() => Promise<unknown>, RegExp][],
  requests: unknown[],
): Promise<void> {
  for (const [call, message] of cases) {
    const error = await call().catch((e) => e);
    assert.ok(error instanceof RequestValidationError, String(error));
    assert.match(error.message, message);
  }
  assert.equal(requests.length, 0);
}

Deno.test("awkward path parameters round-trip percent-encoded; ~ stays as it is", async () => {
  const ids = [
    "manual__2026-11-20T10:00:00+00:00",
    "with/slash",
    "spaces and tabs\t",
    "ünïcødé ☃ 日本",
    "100%",
    "quote's (paren) *star* !bang",
    "~",
  ];
  const { airflow, requests } = client(() => json(run));
  for (const id of ids) await airflow.dagRuns.get("etl", id);
  const segments = requests.map((r) => r.url.pathname.split("/").at(-1)!);
  assert.deepEqual(segments.map(decodeURIComponent), ids);
  assert.equal(segments[0], "manual__2026-11-20T10%3A00%3A00%2B00%3A00");
  assert.equal(segments[1], "with%2Fslash");
  assert.equal(segments.at(-1), "~");
  for (const segment of segments) assert.doesNotMatch(segment, /[+ /'()*!]/);
  assert.ok(requests.every((r) => r.url.pathname.startsWith("/prefix/api/v2/dags/etl/dagRuns/")));
});

Deno.test("missing, empty or mistyped path parameters fail before any request", async () => {
  const { airflow, requests } = client();
  const cases: [() => Promise<unknown>, RegExp][] = [
    [() => airflow.dags.get(""), /path\.dag_id: must not be empty/],
    // deno-lint-ignore no-explicit-any
    [() => (airflow.dags.get as any)(), /path\.dag_id: is required/],
    // deno-lint-ignore no-explicit-any
    [() => airflow.dags.get(42 as any), /path\.dag_id: must be a string, got number 42/],
    [
      () => airflow.taskInstances.getLog("etl", "r", "t", 1.5),
      /path\.try_number: must be an integer/,
    ],
  ];
  await assertRefusedBeforeSending(cases, requests);
});

Deno.test("query and body are checked against the schemas before any request", async () => {
  const { airflow, requests } = client();
  const cases: [() => Promise<unknown>, RegExp][] = [
    // deno-lint-ignore no-explicit-any
    [() => airflow.dagRuns.list("~", { state: "failed" as any }).firstPage(), /query\.state/],
    // deno-lint-ignore no-explicit-any
    [() => airflow.dags.list({ paused: "yes" as any }).firstPage(), /query\.paused/],
    [
      // deno-lint-ignore no-explicit-any
      () => airflow.dags.list({ pasued: true } as any).firstPage(),
      /query\.pasued: is not a parameter of get_dags/,
    ],
    // A list whose filters are empty is still checked for the ones it requires.
    // deno-lint-ignore no-explicit-any
    [() => (airflow.backfills.list as any)().firstPage(), /query: .*dag_id/],
    // deno-lint-ignore no-explicit-any
    [() => airflow.backfills.list({ pageSize: 5 } as any).firstPage(), /query: .*dag_id/],
    [
      () => airflow.dags.list({ pageSize: 0 }).firstPage(),
      /query\.pageSize: must be an integer from 1 to/,
    ],
    // deno-lint-ignore no-explicit-any
    [() => airflow.pools.create({ name: "p", slots: "ten" as any }), /body\.slots/],
    // deno-lint-ignore no-explicit-any
    [() => airflow.pools.create(undefined as any), /body: is required/],
    // deno-lint-ignore no-explicit-any
    [() => airflow.variables.create({ value: "v" } as any), /body: .*key/],
  ];
  await assertRefusedBeforeSending(cases, requests);
});

Deno.test("array query parameters repeat the key; undefined and null are left out", async () => {
  const { airflow, requests } = client(() => json({ dag_runs: [], total_entries: 0 }));
  await airflow.dagRuns.list("~", {
    state: ["failed", "upstream_failed"],
    run_type: undefined,
    run_id_pattern: null,
  }).firstPage();
  const url = requests[0].url;
  assert.deepEqual(url.searchParams.getAll("state"), ["failed", "upstream_failed"]);
  assert.equal(url.searchParams.has("run_type"), false);
  assert.equal(url.searchParams.has("run_id_pattern"), false);
  assert.equal(url.pathname, "/prefix/api/v2/dags/~/dagRuns");
});

Deno.test("Date values go out as ISO 8601, in query and body", async () => {
  const { airflow, requests } = client(() => json(run));
  const when = new Date("2026-11-20T10:00:00.000Z");
  await airflow.dagRuns.trigger("etl", { logical_date: when, conf: { at: "x" } });
  assert.deepEqual(requests[0].body, {
    logical_date: "2026-11-20T10:00:00.000Z",
    conf: { at: "x" },
  });
  await airflow.dagRuns.list("etl", { start_date_gte: when }).firstPage().catch(() => {});
  assert.equal(requests[1].url.searchParams.get("start_date_gte"), "2026-11-20T10:00:00.000Z");
  const invalid = await airflow.dagRuns.trigger("etl", { logical_date: new Date("nope") })
    .catch((e) => e);
  assert.ok(invalid instanceof RequestValidationError);
  assert.equal(requests.length, 2);
});

Deno.test("request() reaches an operation by method and path, typed from the same schemas", async () => {
  const { airflow, requests } = client();
  const updated = await airflow.request("PATCH /api/v2/dags/{dag_id}", {
    dag_id: "etl",
    update_mask: ["is_paused"],
    body: { is_paused: true },
  });
  assert.equal(updated.dag_id, "etl");
  assert.equal(requests[0].method, "PATCH");
  assert.equal(requests[0].url.pathname, "/prefix/api/v2/dags/etl");
  assert.deepEqual(requests[0].url.searchParams.getAll("update_mask"), ["is_paused"]);
  assert.deepEqual(requests[0].body, { is_paused: true });
  assert.equal(requests[0].headers.get("content-type"), "application/json");

  // deno-lint-ignore no-explicit-any
  const unknown = await (airflow.request as any)("GET /api/v2/nope", {}).catch((e: unknown) => e);
  assert.ok(unknown instanceof AirflowError);
  assert.match(unknown.message, /no operation "GET \/api\/v2\/nope"/);
  // deno-lint-ignore no-explicit-any
  const missing = await (airflow.request as any)("GET /api/v2/dags/{dag_id}", {}).catch((
    e: unknown,
  ) => e);
  assert.ok(missing instanceof RequestValidationError);
  assert.equal(requests.length, 1);
});

Deno.test("the client sets Accept and merges client and call headers", async () => {
  const fake = fakeFetch(() => json(dag("etl")));
  const airflow = new Airflow({
    baseUrl: BASE,
    fetch: fake.fetch,
    headers: { "x-team": "data", "x-trace": "client" },
  });
  await airflow.dags.get("etl", { headers: { "x-trace": "call" } });
  const headers = fake.requests[0].headers;
  assert.equal(headers.get("accept"), "application/json");
  assert.equal(headers.get("x-team"), "data");
  assert.equal(headers.get("x-trace"), "call");
});
