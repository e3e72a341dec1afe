/** The Airflow 2 client (`/api/v1`) against scripted servers: auth, errors, wait, logs, connect. */
import assert from "node:assert/strict";
import {
  Airflow,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  RequestValidationError,
} from "../mod.ts";
import { connect } from "../src/connect.ts";
import { AirflowV1 } from "../src/v1/mod.ts";
import { endOfLog, logText } from "../src/core/log_pages.ts";
import { fakeFetch, json } from "./helpers/fake_fetch.ts";

const BASE = "http://airflow2.test";
const PASSWORD = "s3cret-pa55word";

function problem(status: number, title: string, detail: string): Response {
  return new Response(
    JSON.stringify({ type: `${BASE}/errors#${status}`, title, status, detail }),
    { status, headers: { "content-type": "application/problem+json" } },
  );
}

/** An itsdangerous URLSafeSerializer dump of log metadata (signature not checked). */
async function logToken(metadata: Record<string, unknown>, compress = false): Promise<string> {
  let bytes = new TextEncoder().encode(JSON.stringify(metadata));
  if (compress) {
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const payload = btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `${compress ? "." : ""}${payload}.c2lnbmF0dXJl`;
}

Deno.test("v1: a password goes as HTTP Basic on each call, with no token mint", async () => {
  const server = fakeFetch(() => json({ dag_id: "etl", is_paused: false }));
  const airflow = new AirflowV1({
    baseUrl: BASE,
    auth: { username: "admin", password: PASSWORD },
    fetch: server.fetch,
  });
  await airflow.dags.get("etl");
  await airflow.dags.get("etl");
  assert.deepEqual(server.requests.map((r) => `${r.method} ${r.url.pathname}`), [
    "GET /api/v1/dags/etl",
    "GET /api/v1/dags/etl",
  ]);
  const expected = `Basic ${btoa(`admin:${PASSWORD}`)}`;
  for (const request of server.requests) {
    assert.equal(request.headers.get("authorization"), expected);
  }
  for (const text of [JSON.stringify(airflow), String(airflow), Deno.inspect(airflow)]) {
    assert.ok(!text.includes(PASSWORD) && !text.includes(btoa(`admin:${PASSWORD}`)), text);
  }
  assert.equal(String(airflow), `AirflowV1(${BASE}, auth: password)`);
});

Deno.test("v1: a token provider (Composer, MWAA) is asked for a bearer token", async () => {
  let asked = 0;
  const server = fakeFetch(() => json({ version: "2.10.0", git_version: null }));
  const airflow = new AirflowV1({
    baseUrl: BASE,
    auth: { token: () => Promise.resolve(`google-token-${++asked}`) },
    fetch: server.fetch,
  });
  await airflow.version.get();
  assert.equal(asked, 1);
  assert.equal(server.requests[0].headers.get("authorization"), "Bearer google-token-1");
});

Deno.test("v1: problem+json errors map to the same error classes as v2", async () => {
  const server = fakeFetch((request) =>
    request.url.pathname.endsWith("/missing")
      ? problem(404, "DAG not found", 'DAG with dag_id: "missing" not found')
      : problem(400, "Bad Request", "'x' is not of type 'integer' - 'limit'")
  );
  const airflow = new AirflowV1({ baseUrl: BASE, fetch: server.fetch });
  const missing = await airflow.dags.get("missing").catch((error) => error);
  assert.ok(missing instanceof NotFoundError);
  assert.equal(missing.status, 404);
  assert.match(missing.message, /DAG not found: DAG with dag_id: "missing" not found/);
  const bad = await airflow.pools.get("p").catch((error) => error);
  assert.ok(bad instanceof BadRequestError);
  assert.match(bad.detail ?? "", /is not of type 'integer'/);
});

Deno.test("v1: arguments are checked before anything is sent", async () => {
  const server = fakeFetch(() => json({}));
  const airflow = new AirflowV1({ baseUrl: BASE, fetch: server.fetch });
  // @ts-expect-error conf is an object
  const error = await airflow.dagRuns.trigger("etl", { conf: "day=1" }).catch((e) => e);
  assert.ok(error instanceof RequestValidationError, String(error));
  assert.equal(server.requests.length, 0);
});

Deno.test("v1: wait polls the run until it finishes and reads the results", async () => {
  const states = ["queued", "running", "running", "success"];
  const server = fakeFetch((request) => {
    if (request.url.pathname.includes("/xcomEntries/")) {
      // Airflow 2 answers the value's Python str() unless told not to stringify it.
      const native = request.url.searchParams.get("stringify") === "false";
      return json({ key: "return_value", value: native ? { rows: 3 } : "{'rows': 3}" });
    }
    return json({ dag_id: "etl", dag_run_id: "r1", state: states.shift() ?? "success" });
  });
  const airflow = new AirflowV1({ baseUrl: BASE, fetch: server.fetch });
  const steps = [];
  for await (
    const step of airflow.dagRuns.watch("etl", "r1", { interval: 1, results: ["load"] })
  ) {
    steps.push(step.finished ? [step.state, step.results] : step.state);
  }
  assert.deepEqual(steps, ["queued", "running", ["success", { load: { rows: 3 } }]]);
  const paths = server.requests.map((r) => r.url.pathname);
  assert.ok(paths.every((path) => !path.endsWith("/wait")), "no /wait stream on v1");
  assert.equal(
    paths.at(-1),
    "/api/v1/dags/etl/dagRuns/r1/taskInstances/load/xcomEntries/return_value",
  );
});

Deno.test("v1: variables.set updates, or creates what does not exist; no update_mask", async () => {
  // As Airflow 2.10's variable endpoint: the value is loaded as `val`, so a mask naming
  // `value` is refused; without a mask, the fields the body has are set.
  const stored = new Map<string, { value: string; description?: string }>();
  const server = fakeFetch((request) => {
    const body = request.body as { key: string; value: string; description?: string };
    if (request.method === "PATCH") {
      if (request.url.searchParams.get("update_mask")?.includes("value")) {
        return problem(400, "Bad Request", "'value' is unknown or cannot be updated.");
      }
      const existing = stored.get(body.key);
      if (!existing) return problem(404, "Variable not found", "no such variable");
      stored.set(body.key, { ...existing, ...body });
      return json(stored.get(body.key));
    }
    stored.set(body.key, body);
    return json(body);
  });
  const airflow = new AirflowV1({ baseUrl: BASE, fetch: server.fetch });
  assert.equal((await airflow.variables.set("k", "1", { description: "d" })).value, "1");
  const updated = await airflow.variables.set("k", "2");
  assert.equal(updated.value, "2");
  assert.equal(updated.description, "d", "an update keeps the description");
  assert.deepEqual(server.requests.map((r) => `${r.method} ${r.url.pathname}${r.url.search}`), [
    "PATCH /api/v1/variables/k",
    "POST /api/v1/variables",
    "PATCH /api/v1/variables/k",
  ]);
});

Deno.test("v1: logs read JSON pages with the token until end_of_log", async () => {
  const pages = [
    { content: "[('worker-1', '*** Found local files\\nline one\\n')]", end: false },
    { content: "[('worker-1', \"it's line two\\n\")]", end: false, compress: true },
    { content: "[('worker-1', 'line three\\xe9\\n')]", end: true },
  ];
  const server = fakeFetch(async (_request, index) => {
    const page = pages[index];
    const token = await logToken({ end_of_log: page.end, log_pos: index }, page.compress);
    return json({ content: page.content, continuation_token: token });
  });
  const airflow = new AirflowV1({ baseUrl: BASE, fetch: server.fetch });
  const events = [];
  for await (const line of airflow.taskInstances.logs("etl", "r1", "extract", 1)) {
    events.push(line.event);
  }
  assert.deepEqual(events, ["*** Found local files", "line one", "it's line two", "line threeé"]);
  assert.equal(server.requests.length, 3);
  assert.equal(server.requests[0].url.searchParams.get("token"), null);
  assert.equal(server.requests[0].headers.get("accept"), "application/json");
  assert.equal(
    server.requests[1].url.searchParams.get("token"),
    await logToken({ end_of_log: false, log_pos: 0 }),
  );
});

Deno.test("v1: logs as text/plain are streamed line by line", async () => {
  const server = fakeFetch(() =>
    new Response("first\nsecond\n", { headers: { "content-type": "text/plain" } })
  );
  const airflow = new AirflowV1({ baseUrl: BASE, fetch: server.fetch });
  const events = [];
  for await (
    const line of airflow.taskInstances.logs("etl", "r1", "extract", 2, {
      format: "text",
      mapIndex: 3,
    })
  ) events.push(line.event);
  assert.deepEqual(events, ["first", "second"]);
  assert.equal(server.requests[0].headers.get("accept"), "text/plain");
  assert.equal(server.requests[0].url.searchParams.get("map_index"), "3");
  const bad = await airflow.taskInstances.logs("etl", "r1", "extract", 1, { format: "ndjson" })
    .next().catch((error) => error);
  assert.ok(bad instanceof RequestValidationError);
  assert.match(bad.message, /"text" or "json"/);
});

Deno.test("logText reads Airflow 2's repr of [(host, text)] and leaves other text alone", () => {
  assert.equal(logText("[('h', 'a\\nb'), ('h2', 'c')]"), "a\nb\nc");
  assert.equal(logText(`[("h", "it's")]`), "it's");
  assert.equal(logText("[('h', '\\u00e9\\U0001F600\\t\\\\')]"), "é😀\t\\");
  assert.equal(logText("[]"), "");
  assert.equal(logText("plain log text"), "plain log text");
  assert.equal(logText("[('h', 'unterminated)]"), "[('h', 'unterminated)]");
});

Deno.test("endOfLog reads plain and compressed tokens, and not foreign ones", async () => {
  assert.equal(await endOfLog(await logToken({ end_of_log: true })), true);
  assert.equal(await endOfLog(await logToken({ end_of_log: false }, true)), false);
  assert.equal(await endOfLog("not a token"), undefined);
  assert.equal(await endOfLog(undefined), undefined);
});

Deno.test("connect returns the client for the API the server speaks", async () => {
  const airflow3 = fakeFetch((request) =>
    request.url.pathname === "/api/v2/version"
      ? json({ version: "3.2.1", git_version: null })
      : json({}, 404)
  );
  const three = await connect({ baseUrl: BASE, fetch: airflow3.fetch });
  assert.ok(three instanceof Airflow);
  assert.equal(airflow3.requests.length, 1);

  const airflow2 = fakeFetch((request) =>
    request.url.pathname === "/api/v1/version"
      ? json({ version: "2.10.0", git_version: null })
      : new Response("Not Found", { status: 404 })
  );
  const two = await connect({
    baseUrl: BASE,
    auth: { username: "admin", password: PASSWORD },
    fetch: airflow2.fetch,
  });
  assert.ok(two instanceof AirflowV1);
  assert.deepEqual(airflow2.requests.map((r) => r.url.pathname), [
    "/api/v2/version",
    "/api/v1/version",
  ]);
  const { fetch: versions } = airflow2;
  const { fetch: dags } = fakeFetch(() => json({ dag_id: "etl", is_paused: true }));
  const either = await connect({
    baseUrl: BASE,
    fetch: (request) =>
      new URL(request.url).pathname.endsWith("/version") ? versions(request) : dags(request),
  });
  assert.equal(
    (await either.dags.get("etl")).is_paused,
    true,
    "shared operations work on the union",
  );

  const nothing = fakeFetch(() => new Response("no", { status: 404 }));
  const error = await connect({ baseUrl: BASE, fetch: nothing.fetch }).catch((e) => e);
  assert.ok(error instanceof NotFoundError);
  assert.match(error.message, /neither \/api\/v2\/version nor \/api\/v1\/version/);

  const locked = fakeFetch(() => problem(401, "Unauthorized", "bad credentials"));
  const denied = await connect({ baseUrl: BASE, fetch: locked.fetch }).catch((e) => e);
  assert.ok(denied instanceof AuthenticationError, "only a 404 moves on to v1");
  assert.equal(locked.requests.length, 1);
});

Deno.test("v1: update_mask goes as one comma-separated value, as Airflow 2 reads it", async () => {
  const server = fakeFetch(() => json({ name: "etl_pool", slots: 8 }));
  const airflow = new AirflowV1({ baseUrl: BASE, fetch: server.fetch });
  await airflow.pools.update("etl_pool", { slots: 8, description: "ETL" }, {
    update_mask: ["slots", "description"],
  });
  assert.equal(server.requests[0].url.search, "?update_mask=slots%2Cdescription");
  const v2 = fakeFetch(() =>
    json({
      name: "p",
      slots: 8,
      occupied_slots: 0,
      running_slots: 0,
      queued_slots: 0,
      open_slots: 8,
      deferred_slots: 0,
      scheduled_slots: 0,
      include_deferred: false,
    })
  );
  await new Airflow({ baseUrl: BASE, fetch: v2.fetch }).pools.update("p", { slots: 8 }, {
    update_mask: ["slots", "description"],
  });
  assert.equal(v2.requests[0].url.search, "?update_mask=slots&update_mask=description");
});
