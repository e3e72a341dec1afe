/**
 * The fake as an Airflow 2 (`version: "2.10.0"`): `/api/v1` with Basic credentials, through
 * `AirflowV1` and its helpers (wait, logs, variables.set), and `connect()` choosing it.
 */
import assert from "node:assert/strict";
import { AuthenticationError, BadRequestError, ConflictError, NotFoundError } from "../mod.ts";
import { connect } from "../src/connect.ts";
import { AirflowV1 } from "../src/v1/mod.ts";
import { exampleDags, FakeAirflow, type ManualClock, PacedClock } from "../src/testing/mod.ts";
import { expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

function v1(options: Parameters<typeof setup>[0] = {}) {
  const base = setup({ ...options, version: "2.10.0" });
  const airflow = new AirflowV1({ ...base.fake.clientOptions(), fetch: base.fetch });
  return { ...base, airflow };
}

Deno.test("connect() picks the Airflow 2 client for a 2.10 fake; /api/v2 is not there", async () => {
  const fake = new FakeAirflow({ version: "2.10.0", dags: exampleDags() });
  const client = await connect(fake.clientOptions());
  assert.ok(client instanceof AirflowV1);
  assert.equal((await client.version.get()).version, "2.10.0");
  assert.equal((await fake.fetch("/api/v2/version")).status, 404);
  assert.equal((await fake.fetch("/auth/token", { method: "POST" })).status, 404);
  const v3 = new FakeAirflow();
  assert.equal((await v3.fetch("/api/v1/version")).status, 404);
});

Deno.test("Airflow 2: DAGs, runs and task instances through AirflowV1", async (t) => {
  const { airflow, clock } = v1();

  await t.step("DAGs page, read and pause with Basic credentials", async () => {
    const dags = await airflow.dags.list({ pageSize: 5 }).toArray();
    assert.equal(dags.length, 12);
    const dag = await airflow.dags.get("etl_daily");
    assert.equal(dag.is_active, true);
    assert.deepEqual(dag.tags?.map((tag) => tag.name), ["etl", "daily"]);
    const paused = await airflow.dags.update("etl_daily", { is_paused: true }, {
      update_mask: ["is_paused"],
    });
    assert.equal(paused.is_paused, true);
    await airflow.dags.update("etl_daily", { is_paused: false });
    assert.equal((await airflow.dags.get("etl_daily")).is_paused, false);
  });

  await t.step("a run triggered without a date runs now, with execution_date", async () => {
    const run = await airflow.dagRuns.trigger("etl_daily", { conf: { day: 1 } });
    assert.equal(run.dag_run_id, "manual__2026-11-20T10:00:00+00:00");
    assert.equal(run.execution_date, "2026-11-20T10:00:00Z");
    assert.equal(run.external_trigger, true);
    assert.equal(run.state, "queued");
    await assert.rejects(
      airflow.dagRuns.trigger("etl_daily", { dag_run_id: run.dag_run_id! }),
      ConflictError,
    );
    await clock.advance(30_000);
    const done = await airflow.dagRuns.get("etl_daily", run.dag_run_id!);
    assert.equal(done.state, "success");
    const tis = await airflow.taskInstances.list("etl_daily", run.dag_run_id!).toArray();
    assert.deepEqual(tis.map((ti) => [ti.task_id, ti.state, ti.execution_date]), [
      ["extract", "success", "2026-11-20T10:00:00Z"],
      ["transform", "success", "2026-11-20T10:00:00Z"],
      ["load", "success", "2026-11-20T10:00:00Z"],
    ]);
    const tries = await airflow.taskInstances.listTries("etl_daily", run.dag_run_id!, "load")
      .toArray();
    assert.deepEqual(tries.map((ti) => ti.try_number), [1]);
    const one = await airflow.taskInstances.getTry("etl_daily", run.dag_run_id!, "load", 1);
    assert.equal(one.state, "success");
    const runs = await airflow.dagRuns.list("etl_daily", {
      execution_date_gte: "2026-11-20T00:00:00Z",
    }).toArray();
    assert.equal(runs.length, 1);
  });

  await t.step("state set by hand, a clear, a delete", async () => {
    await airflow.dagRuns.trigger("flaky_checks", { dag_run_id: "f1" });
    await clock.advance(60_000);
    assert.equal((await airflow.dagRuns.get("flaky_checks", "f1")).state, "failed");
    const dry = await airflow.dagRuns.clear("flaky_checks", "f1", { dry_run: true });
    assert.ok("task_instances" in dry);
    const failedOnly = await airflow.taskInstances.clear("flaky_checks", {
      dag_run_id: "f1",
      only_failed: true,
      include_downstream: true,
    });
    assert.deepEqual(
      failedOnly.task_instances?.map((ti) => [ti.task_id, ti.dag_run_id]).sort(),
      [["check_quality", "f1"], ["publish", "f1"]],
      "a clear is a dry run unless told otherwise, and lists what it would clear",
    );
    assert.equal((await airflow.dagRuns.get("flaky_checks", "f1")).state, "failed");
    const cleared = await airflow.dagRuns.clear("flaky_checks", "f1", { dry_run: false });
    assert.equal("state" in cleared ? cleared.state : undefined, "queued");
    const marked = await airflow.dagRuns.update("flaky_checks", "f1", { state: "success" });
    assert.equal(marked.state, "success");
    await airflow.dagRuns.delete("flaky_checks", "f1");
    await assert.rejects(
      airflow.dagRuns.get("flaky_checks", "f1"),
      (error: unknown) => error instanceof NotFoundError && error.status === 404,
    );
  });
});

Deno.test("Airflow 2: wait, XComs and logs through the v1 helpers", async (t) => {
  const { airflow } = v1({ clock: new PacedClock({ pace: 500 }) as unknown as ManualClock });

  await t.step("wait polls the run and reads the return values", async () => {
    const run = await airflow.dagRuns.trigger("etl_daily", {});
    const { run: done, results } = await airflow.dagRuns.wait("etl_daily", run.dag_run_id!, {
      results: ["load"],
      interval: 20,
    });
    assert.equal(done.state, "success");
    assert.deepEqual(results.load, {
      rows_loaded: 1192,
      table: "warehouse.orders",
      duplicates_dropped: 8,
    });
    const entries = await airflow.xcoms.list("etl_daily", run.dag_run_id!, "load").toArray();
    assert.deepEqual(entries.map((entry) => entry.key), ["return_value"]);
    const stringified = await airflow.xcoms.get(
      "etl_daily",
      run.dag_run_id!,
      "load",
      "return_value",
    );
    assert.equal(
      stringified.value,
      "{'rows_loaded': 1192, 'table': 'warehouse.orders', 'duplicates_dropped': 8}",
    );
  });

  await t.step("logs come as JSON pages and as text", async () => {
    const run = await airflow.dagRuns.trigger("etl_daily", { dag_run_id: "l1" });
    await airflow.dagRuns.wait("etl_daily", run.dag_run_id!, { interval: 20 });
    const lines: string[] = [];
    for await (const line of airflow.taskInstances.logs("etl_daily", "l1", "load", 1)) {
      lines.push(line.event);
    }
    assert.equal(lines[0], "Starting attempt 1 of 1");
    assert.ok(lines.some((line) => line.endsWith("INFO - Load committed")), lines.join("\n"));
    const text: string[] = [];
    for await (
      const line of airflow.taskInstances.logs("etl_daily", "l1", "load", 1, {
        format: "text",
      })
    ) text.push(line.event);
    assert.deepEqual(text, lines);
  });
});

Deno.test("Airflow 2: variables, pools and connections; errors as problem+json", async (t) => {
  const { airflow, fake } = v1({ variables: [{ key: "region", value: "eu" }] });

  await t.step("variables: create, set, patch with a mask, delete", async () => {
    assert.equal((await airflow.variables.get("region")).value, "eu");
    await airflow.variables.create({ key: "tier", value: "gold" });
    await airflow.variables.set("tier", "silver");
    assert.equal((await airflow.variables.get("tier")).value, "silver");
    await airflow.variables.set("fresh", "new");
    const keys = (await airflow.variables.list().toArray()).map((item) => item.key);
    assert.deepEqual(keys, ["fresh", "region", "tier"]);
    await airflow.variables.delete("tier");
    await assert.rejects(airflow.variables.get("tier"), NotFoundError);
  });

  await t.step("pools and connections", async () => {
    const pool = await airflow.pools.create({ name: "db", slots: 3 });
    assert.equal(pool.open_slots, 3);
    assert.equal((await airflow.pools.update("db", { name: "db", slots: 5 })).slots, 5);
    assert.deepEqual((await airflow.pools.list().toArray()).map((item) => item.name), [
      "db",
      "default_pool",
    ]);
    await airflow.pools.delete("db");
    const connection = await airflow.connections.create({
      connection_id: "wh",
      conn_type: "postgres",
      password: "hunter2",
    });
    assert.equal("password" in connection, false);
    const changed = await airflow.connections.update("wh", {
      connection_id: "wh",
      conn_type: "postgres",
      host: "db",
    }, { update_mask: ["host"] });
    assert.equal(changed.host, "db");
    assert.equal((await airflow.connections.list().toArray()).length, 1);
    assert.equal((await airflow.connections.get("wh")).conn_type, "postgres");
    await airflow.connections.delete("wh");
    assert.equal((await airflow.monitor.health()).metadatabase?.status, "healthy");
  });

  await t.step("bad input is a 400, wrong credentials a 401, the rest a 501", async () => {
    const lax = new AirflowV1({ ...fake.clientOptions(), validateRequests: false });
    await assert.rejects(
      lax.dagRuns.trigger("etl_daily", { conf: "x" as never }),
      (error: unknown) => error instanceof BadRequestError && error.status === 400,
    );
    const raw = await fake.fetch("/api/v1/dags/nope", {
      headers: { authorization: `Basic ${btoa("admin:admin")}` },
    });
    assert.equal(raw.status, 404);
    assert.equal(raw.headers.get("content-type"), "application/problem+json");
    const body = await raw.json();
    assert.equal(body.title, "Not Found");
    assert.equal(body.status, 404);
    const wrong = new AirflowV1({
      ...fake.clientOptions(),
      auth: { username: "admin", password: "x" },
    });
    await assert.rejects(wrong.dags.list().toArray(), AuthenticationError);
    const roles = await fake.fetch("/api/v1/roles", {
      headers: { authorization: `Basic ${btoa("admin:admin")}` },
    });
    assert.equal(roles.status, 501);
  });
});

Deno.test(
  "every JSON answer above matched its version's response schema",
  expectAnswersMatchedSchemas,
);
