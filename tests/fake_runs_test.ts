/** The fake Airflow's runs: their lifecycle, and the collections (pools, variables, connections). */
import assert from "node:assert/strict";
import { BadRequestError, ConflictError, NotFoundError } from "../mod.ts";
import { enc, expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

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

Deno.test("every JSON answer above matched its response schema", expectAnswersMatchedSchemas);
