/** The fake Airflow, driven through the real client and with raw fetch. */
import assert from "node:assert/strict";
import {
  Airflow,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  UnprocessableEntityError,
} from "../mod.ts";
import { check } from "../src/core/validation.ts";
import { routes } from "../src/v2/generated/operations.ts";
import { createRouter } from "../src/testing/router.ts";
import {
  exampleDags,
  FakeAirflow,
  type FakeAirflowOptions,
  type FakeDag,
  ManualClock,
} from "../src/testing/mod.ts";

const BASE = "http://airflow.fake";
const resolve = createRouter(routes);

/** Every JSON success answer seen, checked against its operation's response schema. */
const schemaProblems: string[] = [];
let schemaChecked = 0;

async function checkAnswer(request: Request, response: Response): Promise<void> {
  const type = response.headers.get("content-type") ?? "";
  if (!response.ok || !type.startsWith("application/json")) return;
  const match = resolve(request.method, new URL(request.url).pathname);
  if (match.kind !== "match" || !match.operation.response) return;
  const body = await response.clone().json();
  const issues = check(match.operation.response, body, "");
  schemaChecked++;
  if (issues.length > 0) {
    schemaProblems.push(`${request.method} ${request.url}: ${JSON.stringify(issues)}`);
  }
}

interface Setup {
  fake: FakeAirflow;
  clock: ManualClock;
  airflow: Airflow;
  raw: (path: string, init?: RequestInit & { token?: string | null }) => Promise<Response>;
  token: (username?: string, password?: string) => Promise<string>;
}

function setup(options: FakeAirflowOptions = {}): Setup {
  const clock = options.clock as ManualClock ?? new ManualClock(Date.UTC(2026, 10, 20, 10));
  const fake = new FakeAirflow({ dags: exampleDags(), ...options, clock });
  const checked = async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await fake.fetch(request.clone());
    await checkAnswer(request, response);
    return response;
  };
  const airflow = new Airflow({ ...fake.clientOptions(), fetch: checked });
  const token = async (username = "admin", password = "admin") => {
    const response = await fake.fetch(`${BASE}/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    assert.equal(response.status, 201);
    return (await response.json()).access_token;
  };
  let adminToken: string | undefined;
  const raw = async (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token !== null) {
      headers.set("authorization", `Bearer ${init.token ?? (adminToken ??= await token())}`);
    }
    if (init.body !== undefined) headers.set("content-type", "application/json");
    return await checked(`${BASE}${path}`, { ...init, headers });
  };
  return { fake, clock, airflow, raw, token };
}

function decodePayload(jwt: string): Record<string, unknown> {
  const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4)));
}

const enc = encodeURIComponent;

Deno.test("auth: tokens, 401s and roles", async (t) => {
  const { fake, clock, airflow, raw, token } = setup({
    users: [
      { username: "admin", password: "admin-pw", role: "admin" },
      { username: "ann", password: "ann-pw", role: "user" },
      { username: "vic", password: "vic-pw", role: "viewer" },
    ],
    tokenLifetimeSeconds: 3600,
  });

  await t.step("POST /auth/token mints a JWT that expires after the lifetime", async () => {
    const jwt = await token("admin", "admin-pw");
    assert.equal(jwt.split(".").length, 3);
    const claims = decodePayload(jwt);
    assert.equal(claims.sub, "admin");
    assert.equal(claims.role, "admin");
    assert.equal(claims.exp, Math.floor(clock.now() / 1000) + 3600);
    assert.equal(claims.iat, Math.floor(clock.now() / 1000));
  });

  await t.step("wrong credentials and missing fields", async () => {
    const wrong = await fake.fetch(`${BASE}/auth/token`, {
      method: "POST",
      body: JSON.stringify({ username: "admin", password: "nope" }),
    });
    assert.equal(wrong.status, 401);
    assert.deepEqual(await wrong.json(), { detail: "Invalid credentials" });
    const missing = await fake.fetch(`${BASE}/auth/token`, {
      method: "POST",
      body: JSON.stringify({ username: "admin" }),
    });
    assert.equal(missing.status, 422);
    const body = await missing.json();
    assert.deepEqual(body.detail[0].loc, ["body", "password"]);
    assert.equal(body.detail[0].type, "missing");
  });

  await t.step(
    "missing, garbled and expired tokens are 401s; public routes need none",
    async () => {
      const none = await raw("/api/v2/dags", { token: null });
      assert.equal(none.status, 401);
      assert.deepEqual(await none.json(), { detail: "Not authenticated" });
      const garbled = await raw("/api/v2/dags", { token: "abc.def.ghi" });
      assert.equal(garbled.status, 401);
      assert.deepEqual(await garbled.json(), { detail: "Invalid JWT token" });
      const version = await raw("/api/v2/version", { token: null });
      assert.equal(version.status, 200);
      assert.deepEqual(await version.json(), { git_version: null, version: "3.2.1" });

      const jwt = await token("admin", "admin-pw");
      assert.equal((await raw("/api/v2/dags", { token: jwt })).status, 200);
      await clock.advance(3600_000);
      const expired = await raw("/api/v2/dags", { token: jwt });
      assert.equal(expired.status, 401);
      const text = await expired.text();
      assert.deepEqual(JSON.parse(text), { detail: "Token has expired" });
      assert.ok(!text.includes(jwt) && !text.includes("admin-pw"));
    },
  );

  await t.step("the client mints again after an expiry and carries on", async () => {
    const before = await airflow.dags.get("etl_daily");
    await clock.advance(7200_000);
    const after = await airflow.dags.get("etl_daily");
    assert.equal(after.dag_id, before.dag_id);
  });

  await t.step("a viewer may only read; a user may not write pools; admins may", async () => {
    const viewer = new Airflow({
      ...fake.clientOptions(),
      auth: { username: "vic", password: "vic-pw" },
    });
    assert.equal((await viewer.dags.get("etl_daily")).dag_id, "etl_daily");
    await assert.rejects(
      viewer.dags.update("etl_daily", { is_paused: true }),
      (error: unknown) =>
        error instanceof PermissionDeniedError && error.status === 403 &&
        error.detail === "Forbidden",
    );
    const user = new Airflow({
      ...fake.clientOptions(),
      auth: { username: "ann", password: "ann-pw" },
    });
    assert.equal((await user.dags.update("etl_daily", { is_paused: true })).is_paused, true);
    const run = await user.dagRuns.trigger("reporting", { logical_date: null });
    assert.equal(run.triggering_user_name, "ann");
    await assert.rejects(
      user.pools.create({ name: "db", slots: 2 }),
      PermissionDeniedError,
    );
    assert.equal((await airflow.pools.create({ name: "db", slots: 2 })).slots, 2);
  });
});

Deno.test("lists: paging, ordering and filters", async (t) => {
  const { airflow, raw, clock } = setup({ maximumPageLimit: 7 });

  await t.step("limit is capped at maximumPageLimit; offset and total_entries", async () => {
    const capped = await (await raw("/api/v2/dags?limit=100")).json();
    assert.equal(capped.dags.length, 7);
    assert.equal(capped.total_entries, 12);
    const tail = await (await raw("/api/v2/dags?limit=5&offset=10")).json();
    assert.deepEqual(tail.dags.map((dag: { dag_id: string }) => dag.dag_id), [
      "shipping_sync",
      "support_sync",
    ]);
    assert.equal(tail.total_entries, 12);
  });

  await t.step("the default page is 50", async () => {
    const many: FakeDag[] = Array.from({ length: 60 }, (_, index) => ({
      dag_id: `dag_${String(index).padStart(2, "0")}`,
      tasks: [],
    }));
    const big = setup({ dags: many });
    const page = await (await big.raw("/api/v2/dags")).json();
    assert.equal(page.dags.length, 50);
    assert.equal(page.total_entries, 60);
  });

  await t.step("the client pages through every DAG with pageSize 5", async () => {
    const pages = [];
    for await (const page of airflow.dags.list({ pageSize: 5 }).pages()) pages.push(page);
    assert.equal(pages.length, 3);
    const ids = pages.flatMap((page) => page.dags.map((dag) => dag.dag_id));
    assert.equal(ids.length, 12);
    assert.deepEqual(ids, [...ids].sort());
  });

  await t.step("order_by ascending, descending, several keys, and unknown fields", async () => {
    const descending = await airflow.dags.list({ order_by: "-dag_id", maxItems: 3 }).toArray();
    assert.deepEqual(descending.map((dag) => dag.dag_id), [
      "support_sync",
      "shipping_sync",
      "search_sync",
    ]);
    const byPaused = await airflow.dags.list({ order_by: ["-is_paused", "dag_id"], maxItems: 2 })
      .toArray();
    assert.deepEqual(byPaused.map((dag) => dag.dag_id), ["maintenance_cleanup", "billing_sync"]);
    await assert.rejects(
      airflow.dags.list({ order_by: "color" }).toArray(),
      (error: unknown) =>
        error instanceof BadRequestError &&
        error.detail ===
          "Ordering with 'color' is disallowed or the attribute does not exist on the model",
    );
  });

  await t.step("DAG filters: tags, match mode, paused, owners, patterns", async () => {
    const ids = async (query: Record<string, unknown>) =>
      (await airflow.dags.list(query).toArray()).map((dag) => dag.dag_id);
    assert.equal((await ids({ tags: ["sync"] })).length, 8);
    assert.deepEqual(await ids({ tags: ["etl", "reporting"] }), ["etl_daily", "reporting"]);
    assert.equal((await ids({ tags: ["sync", "hourly"], tags_match_mode: "all" })).length, 4);
    assert.deepEqual(await ids({ paused: true }), ["maintenance_cleanup"]);
    assert.equal((await ids({ paused: false })).length, 11);
    assert.deepEqual(await ids({ owners: ["data-eng", "analytics"] }), ["etl_daily", "reporting"]);
    assert.deepEqual(await ids({ dag_id_pattern: "ING" }), [
      "billing_sync",
      "marketing_sync",
      "reporting",
      "shipping_sync",
    ]);
    assert.deepEqual(await ids({ dag_id_pattern: "s%_sync" }), [
      "payments_sync",
      "search_sync",
      "shipping_sync",
      "support_sync",
    ]);
    assert.deepEqual(await ids({ dag_id_pattern: "_rm_" }), ["crm_sync"]);
  });

  await t.step("run and task instance filters, with ~ for all DAGs and runs", async () => {
    await airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "etl_1" });
    await clock.advance(60_000);
    await airflow.dagRuns.trigger("flaky_checks", { logical_date: null, dag_run_id: "flaky_1" });
    await clock.advance(60_000);
    await airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "etl_2" });
    const runIds = async (dagId: string, query: Record<string, unknown> = {}) =>
      (await airflow.dagRuns.list(dagId, query).toArray()).map((run) => run.dag_run_id);
    assert.deepEqual(await runIds("~"), ["etl_1", "flaky_1", "etl_2"]);
    assert.deepEqual(await runIds("etl_daily"), ["etl_1", "etl_2"]);
    assert.deepEqual(await runIds("~", { state: ["failed", "queued"] }), ["flaky_1", "etl_2"]);
    assert.deepEqual(await runIds("~", { run_id_pattern: "_1" }), ["etl_1", "flaky_1"]);
    assert.deepEqual(await runIds("~", { dag_id_pattern: "flaky" }), ["flaky_1"]);
    assert.deepEqual(
      await runIds("~", { run_after_gte: new Date(clock.now() - 60_000).toISOString() }),
      ["flaky_1", "etl_2"],
    );
    assert.deepEqual(await runIds("~", { order_by: "-run_after" }), ["etl_2", "flaky_1", "etl_1"]);
    assert.deepEqual(await runIds("~", { duration_gte: 10 }), ["etl_1"]);

    const lastFailed = await airflow.dags.list({ last_dag_run_state: "failed" }).toArray();
    assert.deepEqual(lastFailed.map((dag) => dag.dag_id), ["flaky_checks"]);

    const tis = async (dagId: string, runId: string, query: Record<string, unknown> = {}) =>
      (await airflow.taskInstances.list(dagId, runId, query).toArray()).map((ti) =>
        `${ti.dag_run_id}/${ti.task_id}:${ti.state}`
      );
    assert.deepEqual(await tis("~", "~", { state: ["failed", "upstream_failed"] }), [
      "flaky_1/check_quality:failed",
      "flaky_1/publish:upstream_failed",
    ]);
    assert.deepEqual(await tis("etl_daily", "~", { task_id: "load" }), [
      "etl_1/load:success",
      "etl_2/load:null",
    ]);
    assert.deepEqual(await tis("~", "~", { dag_id_pattern: "flaky", order_by: "-task_id" }), [
      "flaky_1/publish:upstream_failed",
      "flaky_1/check_schema:success",
      "flaky_1/check_quality:failed",
    ]);
    assert.deepEqual(await tis("etl_daily", "etl_1", { duration_gte: 4, duration_lt: 6 }), [
      "etl_1/extract:success",
    ]);
    const page = await airflow.taskInstances.list("~", "~", { pageSize: 2 }).firstPage();
    assert.equal(page.total_entries, 9);
  });
});

Deno.test("runs: lifecycle, retries, failures, pause, patch and delete", async (t) => {
  const { airflow, clock, raw } = setup();

  await t.step("queued, then running, then success, with consistent times", async () => {
    const run = await airflow.dagRuns.trigger("etl_daily", {
      logical_date: null,
      conf: { day: "2026-11-20" },
    });
    assert.match(run.dag_run_id, /^manual__2026-11-20T10:00:00\+00:00_[A-Za-z0-9]{8}$/);
    assert.equal(run.state, "queued");
    assert.equal(run.start_date, null);
    assert.deepEqual(run.conf, { day: "2026-11-20" });
    await clock.advance(1000);
    const running = await airflow.dagRuns.get("etl_daily", run.dag_run_id);
    assert.equal(running.state, "running");
    assert.equal(running.start_date, "2026-11-20T10:00:01Z");
    const tis = await airflow.taskInstances.list("etl_daily", run.dag_run_id).toArray();
    assert.deepEqual(tis.map((ti) => [ti.task_id, ti.state, ti.try_number]), [
      ["extract", "running", 1],
      ["transform", null, 0],
      ["load", null, 0],
    ]);
    await clock.advance(5000);
    const transform = await airflow.taskInstances.get("etl_daily", run.dag_run_id, "transform");
    assert.equal(transform.state, "running");
    assert.equal(transform.start_date, "2026-11-20T10:00:05Z");
    await clock.advance(20_000);
    const done = await airflow.dagRuns.get("etl_daily", run.dag_run_id);
    assert.equal(done.state, "success");
    assert.equal(done.end_date, "2026-11-20T10:00:14Z");
    assert.equal(done.duration, 13);
    assert.equal(done.queued_at, "2026-11-20T10:00:00Z");
  });

  await t.step("a task that fails once succeeds on retry, with its history", async () => {
    const run = await airflow.dagRuns.trigger("reporting", {
      logical_date: null,
      dag_run_id: "r1",
    });
    await clock.advance(1000 + 2000 + 3000 + 500);
    const waiting = await airflow.taskInstances.get("reporting", "r1", "build_report");
    assert.equal(waiting.state, "up_for_retry");
    assert.equal(waiting.try_number, 1);
    assert.equal(waiting.max_tries, 2);
    await clock.advance(30_000);
    const done = await airflow.dagRuns.get("reporting", run.dag_run_id);
    assert.equal(done.state, "success");
    const tries = await airflow.taskInstances.listTries("reporting", "r1", "build_report");
    assert.deepEqual(tries.task_instances.map((ti) => [ti.try_number, ti.state]), [
      [1, "failed"],
      [2, "success"],
    ]);
    const first = await airflow.taskInstances.getTry("reporting", "r1", "build_report", 1);
    assert.equal(first.state, "failed");
    assert.equal(first.duration, 3);
    await assert.rejects(
      airflow.taskInstances.getTry("reporting", "r1", "build_report", 3),
      NotFoundError,
    );
  });

  await t.step("a final failure fails the run and marks later tasks upstream_failed", async () => {
    await airflow.dagRuns.trigger("flaky_checks", { logical_date: null, dag_run_id: "f1" });
    await clock.advance(60_000);
    const run = await airflow.dagRuns.get("flaky_checks", "f1");
    assert.equal(run.state, "failed");
    const tis = await airflow.taskInstances.list("flaky_checks", "f1").toArray();
    assert.deepEqual(tis.map((ti) => [ti.task_id, ti.state, ti.try_number]), [
      ["check_schema", "success", 1],
      ["check_quality", "failed", 2],
      ["publish", "upstream_failed", 0],
    ]);
  });

  await t.step("a paused DAG's run stays queued until the DAG is unpaused", async () => {
    const run = await airflow.dagRuns.trigger("maintenance_cleanup", {
      logical_date: "2026-11-19T00:00:00Z",
    });
    assert.equal(run.dag_run_id, "manual__2026-11-19T00:00:00+00:00");
    assert.equal(run.logical_date, "2026-11-19T00:00:00Z");
    await clock.advance(60_000);
    assert.equal(
      (await airflow.dagRuns.get("maintenance_cleanup", run.dag_run_id)).state,
      "queued",
    );
    const dag = await airflow.dags.update("maintenance_cleanup", { is_paused: false }, {
      update_mask: ["is_paused"],
    });
    assert.equal(dag.is_paused, false);
    await clock.advance(1500);
    assert.equal(
      (await airflow.dagRuns.get("maintenance_cleanup", run.dag_run_id)).state,
      "running",
    );
    await clock.advance(2000);
    assert.equal(
      (await airflow.dagRuns.get("maintenance_cleanup", run.dag_run_id)).state,
      "success",
    );
  });

  await t.step("PATCH state overrides a running run; DELETE removes it", async () => {
    await airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "p1" });
    await clock.advance(2000);
    const failed = await airflow.dagRuns.update("etl_daily", "p1", { state: "failed" }, {
      update_mask: ["state"],
    });
    assert.equal(failed.state, "failed");
    await clock.advance(60_000);
    assert.equal((await airflow.dagRuns.get("etl_daily", "p1")).state, "failed");
    const tis = await airflow.taskInstances.list("etl_daily", "p1").toArray();
    assert.deepEqual(tis.map((ti) => ti.state), ["failed", "skipped", "skipped"]);
    const noted = await airflow.dagRuns.update("etl_daily", "p1", { note: "stopped by hand" });
    assert.equal(noted.note, "stopped by hand");
    assert.equal(noted.state, "failed");
    const deleted = await raw("/api/v2/dags/etl_daily/dagRuns/p1", { method: "DELETE" });
    assert.equal(deleted.status, 204);
    await assert.rejects(airflow.dagRuns.get("etl_daily", "p1"), NotFoundError);
  });

  await t.step("percent-encoded run ids reach the run", async () => {
    await airflow.dagRuns.trigger("etl_daily", {
      dag_run_id: "manual__2026-11-20T10:00:00+00:00",
    });
    const path = `/api/v2/dags/etl_daily/dagRuns/${enc("manual__2026-11-20T10:00:00+00:00")}`;
    assert.ok(path.includes("%2B00%3A00"));
    const response = await raw(path);
    assert.equal(response.status, 200);
    assert.equal((await response.json()).dag_run_id, "manual__2026-11-20T10:00:00+00:00");
  });
});

Deno.test("XComs, logs and the wait stream", async (t) => {
  const { airflow, clock, raw } = setup();
  const run = await airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "x1" });

  await t.step("return_value appears once the task has succeeded", async () => {
    const before = await airflow.xcoms.list("etl_daily", "x1", "load").toArray();
    assert.deepEqual(before, []);
    await clock.advance(30_000);
    const entries = await airflow.xcoms.list("etl_daily", "x1", "load").toArray();
    assert.deepEqual(entries.map((entry) => entry.key), ["return_value"]);
    // As Airflow stores it: the JSON text, unless `deserialize=true` asks for the value.
    const entry = await airflow.xcoms.get("etl_daily", run.dag_run_id, "load", "return_value");
    assert.equal(
      (entry as { value: unknown }).value,
      '{"rows_loaded": 1192, "table": "warehouse.orders", "duplicates_dropped": 8}',
    );
    const value = await airflow.xcoms.get("etl_daily", run.dag_run_id, "load", "return_value", {
      deserialize: true,
    });
    assert.deepEqual((value as { value: unknown }).value, {
      rows_loaded: 1192,
      table: "warehouse.orders",
      duplicates_dropped: 8,
    });
    await assert.rejects(
      airflow.xcoms.get("etl_daily", "x1", "load", "nope"),
      (error: unknown) =>
        error instanceof NotFoundError && error.detail === "XCom entry with key: `nope` not found",
    );
  });

  await t.step(
    "JSON logs open with the source details and resume from the token (3.2)",
    async () => {
      await airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "l1" });
      await clock.advance(1000 + 4000 + 3000);
      const first = await airflow.taskInstances.getLog("etl_daily", "l1", "transform", 1);
      const events = (content: typeof first.content) =>
        content.map((line) => typeof line === "string" ? line : line.event);
      assert.deepEqual(events(first.content), [
        "::group::Log message source details",
        "::endgroup::",
        "Starting attempt 1 of 1",
        "Cleaning 1200 rows",
        "Dropped 8 duplicates",
      ]);
      assert.deepEqual(first.content[0], {
        event: "::group::Log message source details",
        sources: ["/opt/airflow/logs/dag_id=etl_daily/run_id=l1/task_id=transform/attempt=1.log"],
      });
      assert.deepEqual(first.content[2], { timestamp: null, event: "Starting attempt 1 of 1" });
      assert.equal(typeof first.continuation_token, "string");
      const again = await airflow.taskInstances.getLog("etl_daily", "l1", "transform", 1, {
        token: first.continuation_token!,
      });
      assert.deepEqual(again.content, []);
      await clock.advance(4000);
      const rest = await airflow.taskInstances.getLog("etl_daily", "l1", "transform", 1, {
        token: first.continuation_token!,
      });
      assert.deepEqual(events(rest.content), [
        "Wrote 1192 rows to staging",
        "Task exited with return code 0",
      ]);
      assert.equal(rest.continuation_token, null);
      const full = await airflow.taskInstances.getLog("etl_daily", "l1", "transform", 1, {
        full_content: true,
      });
      assert.equal(full.content.length, 7);
      const line = full.content[3] as unknown as Record<string, unknown>;
      assert.deepEqual(Object.keys(line), ["timestamp", "event", "level", "logger"]);
      assert.equal(line.timestamp, "2026-11-20T10:00:36.500000Z");
      await assert.rejects(
        airflow.taskInstances.getLog("etl_daily", "l1", "transform", 2),
        NotFoundError,
      );
      await assert.rejects(
        airflow.taskInstances.getLog("etl_daily", "l1", "nope", 1),
        NotFoundError,
      );
    },
  );

  await t.step("NDJSON logs: the whole log on every read, the request's token echoed", async () => {
    await airflow.dagRuns.trigger("flaky_checks", { logical_date: null, dag_run_id: "n1" });
    await clock.advance(1000 + 2000 + 500);
    const path = "/api/v2/dags/flaky_checks/dagRuns/n1/taskInstances/check_quality/logs/1";
    const partial = await raw(path, { headers: { accept: "application/x-ndjson" } });
    assert.equal(partial.headers.get("content-type"), "application/x-ndjson");
    const token = partial.headers.get("Airflow-Continuation-Token");
    assert.ok(token);
    const firstLines = (await partial.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    assert.deepEqual(firstLines.map((line) => line.event), [
      "::group::Log message source details",
      "::endgroup::",
      "Starting attempt 1 of 2",
      "Running 12 checks",
    ]);
    assert.deepEqual(firstLines[1], { timestamp: null, event: "::endgroup::" });
    await clock.advance(5000);
    const rest = await raw(`${path}?token=${enc(token)}`, {
      headers: { accept: "application/x-ndjson" },
    });
    assert.equal(rest.headers.get("Airflow-Continuation-Token"), token);
    const lines = (await rest.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    assert.deepEqual(lines.slice(4).map((line) => [line.event, line.level]), [
      ["Check null_ratio(orders.customer_id) failed: 0.31 > 0.05", "info"],
      ["Task failed with exception: try 1 failed", "error"],
      ["Task exited with return code 1", "error"],
    ]);
    assert.deepEqual(lines.slice(0, 4), firstLines, "the stream starts from the first line again");
    const bad = await raw(`${path}?token=garbage!`);
    assert.equal(bad.status, 400);
  });

  await t.step("wait streams the state once per interval, then the results", async () => {
    await airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "w1" });
    const response = await raw(
      "/api/v2/dags/etl_daily/dagRuns/w1/wait?interval=5&result=load&result=extract",
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/x-ndjson");
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const lines: string[] = [];
    const first = await reader.read();
    lines.push(first.value!);
    for (;;) {
      const next = reader.read();
      await clock.advance(5000);
      const { value, done } = await next;
      if (done) break;
      lines.push(value);
    }
    assert.deepEqual(lines, [
      '{"state": "queued"}\n',
      '{"state": "running"}\n',
      '{"state": "running"}\n',
      '{"state": "success", "results": {"extract": "{\\"rows\\": 1200}", "load": "{\\"rows_loaded\\": 1192, \\"table\\": \\"warehouse.orders\\", \\"duplicates_dropped\\": 8}"}}\n',
    ]);
  });

  await t.step("a cancelled wait stops; a finished run answers at once", async () => {
    await airflow.dagRuns.trigger("maintenance_cleanup", { logical_date: null, dag_run_id: "c1" });
    const response = await raw("/api/v2/dags/maintenance_cleanup/dagRuns/c1/wait?interval=1");
    const reader = response.body!.getReader();
    assert.equal(new TextDecoder().decode((await reader.read()).value), '{"state": "queued"}\n');
    await reader.cancel();
    await clock.advance(5000);
    const finished = await raw("/api/v2/dags/etl_daily/dagRuns/w1/wait?interval=1");
    assert.equal(await finished.text(), '{"state": "success"}\n');
    const missing = await raw("/api/v2/dags/etl_daily/dagRuns/nope/wait?interval=1");
    assert.equal(missing.status, 404);
    const noInterval = await raw("/api/v2/dags/etl_daily/dagRuns/w1/wait");
    assert.equal(noInterval.status, 422);
    assert.deepEqual((await noInterval.json()).detail[0].loc, ["query", "interval"]);
  });

  await t.step("Airflow 3.0 has no wait route", async () => {
    const old = setup({ version: "3.0.2" });
    await old.airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "o1" });
    const response = await old.raw("/api/v2/dags/etl_daily/dagRuns/o1/wait?interval=1");
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { detail: "Not Found" });
    await assert.rejects(
      old.airflow.request("GET /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/wait", {
        dag_id: "etl_daily",
        dag_run_id: "o1",
        interval: 1,
      }),
      /answers with a stream: call dagRuns\.wait instead of request\(\)/,
    );
    assert.equal((await old.airflow.version.get()).version, "3.0.2");
  });
});

Deno.test("errors have Airflow's shapes", async (t) => {
  const { airflow, raw, fake } = setup();

  await t.step("404 for unknown DAGs and paths", async () => {
    await assert.rejects(
      airflow.dags.get("nope"),
      (error: unknown) =>
        error instanceof NotFoundError && error.detail === "The Dag with ID: `nope` was not found",
    );
    await assert.rejects(airflow.dagRuns.trigger("nope", { logical_date: null }), NotFoundError);
    const unknown = await raw("/api/v2/nothing/here");
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { detail: "Not Found" });
  });

  await t.step(
    "409 for a duplicate run id, as Airflow's database error handler words it",
    async () => {
      await airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "dup" });
      await assert.rejects(
        airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "dup" }),
        (error: unknown) =>
          error instanceof ConflictError &&
          error.detail!.startsWith("Unique constraint violation: Serious error") &&
          (error.body as { detail: { statement: string } }).detail.statement === "hidden",
      );
    },
  );

  await t.step("422 for bad bodies and queries", async () => {
    const lax = new Airflow({ ...fake.clientOptions(), validateRequests: false });
    await assert.rejects(
      lax.dagRuns.trigger("etl_daily", { logical_date: null, conf: "x" as never }),
      (error: unknown) =>
        error instanceof UnprocessableEntityError &&
        error.fieldIssues.some((issue) => issue.path === "body.conf"),
    );
    const extra = await raw("/api/v2/dags/etl_daily/dagRuns", {
      method: "POST",
      body: JSON.stringify({ logical_date: null, colour: "red" }),
    });
    assert.equal(extra.status, 422);
    assert.deepEqual((await extra.json()).detail[0], {
      type: "extra_forbidden",
      loc: ["body", "colour"],
      msg: "Extra inputs are not permitted",
      input: "red",
    });
    const naive = await raw("/api/v2/dags/etl_daily/dagRuns", {
      method: "POST",
      body: JSON.stringify({ logical_date: "2026-11-20T10:00:00" }),
    });
    assert.equal(naive.status, 422);
    const limit = await raw("/api/v2/dags?limit=many");
    assert.equal(limit.status, 422);
    const detail = (await limit.json()).detail;
    assert.deepEqual(detail[0].loc, ["query", "limit"]);
    assert.equal(detail[0].input, "many");
    const ignored = await raw("/api/v2/dags?colour=red");
    assert.equal(ignored.status, 200);
    const relative = await fake.fetch("/api/v2/version");
    assert.equal(relative.status, 200);
  });

  await t.step("501 for operations the fake does not implement", async () => {
    const response = await raw("/api/v2/backfills?dag_id=etl_daily");
    assert.equal(response.status, 501);
    assert.deepEqual(await response.json(), {
      detail: "GET /api/v2/backfills (list_backfills) is not implemented by the fake Airflow",
    });
  });
});

Deno.test("pools, variables and connections", async (t) => {
  const { airflow } = setup({
    variables: [{ key: "region", value: "eu-west-1" }, { key: "api_key", value: "s3cr3t" }],
    connections: [{
      connection_id: "warehouse",
      conn_type: "postgres",
      host: "db",
      login: "etl",
      password: "hunter2",
      extra: '{"sslmode": "require", "private_key": "xyz"}',
    }],
  });

  await t.step("pools: default_pool, create, conflict, patch with mask, delete", async () => {
    const pools = await airflow.pools.list().toArray();
    assert.deepEqual(pools.map((pool) => [pool.name, pool.slots]), [["default_pool", 128]]);
    await airflow.pools.create({ name: "db", slots: 4, description: "database" });
    await assert.rejects(airflow.pools.create({ name: "db", slots: 1 }), ConflictError);
    const patched = await airflow.pools.update("db", { slots: 8, description: "ignored" }, {
      update_mask: ["slots"],
    });
    assert.equal(patched.slots, 8);
    assert.equal(patched.description, "database");
    assert.equal(patched.open_slots, 8);
    assert.deepEqual(
      (await airflow.pools.list({ pool_name_pattern: "d%b" }).toArray()).map((pool) => pool.name),
      ["db"],
    );
    await airflow.pools.delete("db");
    await assert.rejects(airflow.pools.get("db"), NotFoundError);
    await assert.rejects(airflow.pools.delete("default_pool"), BadRequestError);
  });

  await t.step("variables: sensitive values are masked", async () => {
    assert.equal((await airflow.variables.get("region")).value, "eu-west-1");
    assert.equal((await airflow.variables.get("api_key")).value, "***");
    const created = await airflow.variables.create({ key: "limits", value: '{"max": 3}' });
    assert.equal(created.value, '{"max": 3}');
    const updated = await airflow.variables.update("limits", { key: "limits", value: "4" });
    assert.equal(updated.value, "4");
    const keys = (await airflow.variables.list({ order_by: "-key" }).toArray()).map((v) => v.key);
    assert.deepEqual(keys, ["region", "limits", "api_key"]);
    await airflow.variables.delete("limits");
    await assert.rejects(airflow.variables.get("limits"), NotFoundError);
  });

  await t.step("connections: passwords are never sent back", async () => {
    const connection = await airflow.connections.get("warehouse");
    assert.equal(connection.password, "***");
    assert.equal(connection.login, "etl");
    assert.ok(!connection.extra!.includes("xyz"));
    const created = await airflow.connections.create({
      connection_id: "api",
      conn_type: "http",
      password: "pw",
    });
    assert.equal(created.password, "***");
    const list = await airflow.connections.list().toArray();
    assert.deepEqual(list.map((item) => item.connection_id), ["api", "warehouse"]);
    assert.ok(!JSON.stringify(list).includes("hunter2"));
  });
});

Deno.test("listen() serves the fake on a loopback port", async () => {
  const fake = new FakeAirflow({ dags: exampleDags() });
  const server = await fake.listen({ port: 0 });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/api/v2/version`);
    assert.deepEqual(await response.json(), { git_version: null, version: "3.2.1" });
    const airflow = new Airflow({ ...fake.clientOptions(), baseUrl: server.url, fetch: undefined });
    assert.equal((await airflow.dags.get("etl_daily")).dag_id, "etl_daily");
  } finally {
    await server.close();
  }
});

Deno.test("every JSON answer above matched its response schema", () => {
  assert.ok(schemaChecked > 50, `only ${schemaChecked} answers checked`);
  assert.deepEqual(schemaProblems, []);
});
