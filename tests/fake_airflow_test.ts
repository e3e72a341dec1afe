/** The fake Airflow: auth, lists and errors, through the client and with raw fetch. */
import assert from "node:assert/strict";
import {
  Airflow,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  UnprocessableEntityError,
} from "../mod.ts";
import { exampleDags, FakeAirflow, type FakeDag } from "../src/testing/mod.ts";
import { HANDLERS } from "../src/testing/handlers.ts";
import { routes } from "../src/v2/generated/operations.ts";
import { BASE, decodePayload, expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

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

  await t.step("an operation the version played lacks is a 404", async () => {
    const old = setup({ version: "3.0.2" });
    const response = await old.raw("/api/v2/plugins/importErrors");
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { detail: "Not Found" });
    const newer = await raw("/api/v2/dagReports?subdir=/opt/airflow/dags");
    assert.equal(newer.status, 404);
  });
});

Deno.test("every operation of the three v2 specs has a handler", () => {
  const ids = new Set(Object.values(routes).map((operation) => operation.id));
  assert.equal(ids.size, 111);
  assert.deepEqual([...ids].filter((id) => !HANDLERS[id]), []);
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

Deno.test("every JSON answer above matched its response schema", expectAnswersMatchedSchemas);
