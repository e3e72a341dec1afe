/**
 * The fake Airflow's older operations through the client: DAG reads and deletes, tags, sources
 * and versions, batch lists, run clears and deletes, XCom writes, connection changes, health.
 */
import assert from "node:assert/strict";
import { NotFoundError } from "../mod.ts";
import { exampleDags, type FakeDag } from "../src/testing/mod.ts";
import { expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

const MAPPED: FakeDag = {
  dag_id: "mapped",
  tasks: [{ task_id: "each", durationSeconds: 2, mapped: 2 }],
};

Deno.test("DAGs: tasks, tags, sources, versions, health, delete", async () => {
  const { airflow } = setup();
  const tasks = await airflow.tasks.list("etl_daily");
  assert.deepEqual(tasks.tasks.map((task) => task.task_id), ["extract", "load", "transform"]);
  assert.deepEqual((await airflow.tasks.get("etl_daily", "load")).downstream_task_ids, []);
  const tags = await airflow.dags.listTags().toArray();
  assert.ok(tags.includes("etl") && tags.includes("sync"));
  const source = await airflow.dagSources.get("etl_daily");
  assert.match(source.content ?? "", /with DAG\("etl_daily"/);
  const versions = await airflow.dagVersions.list("etl_daily").toArray();
  assert.deepEqual(versions.map((version) => version.version_number), [1]);
  assert.equal((await airflow.dagVersions.get("etl_daily", 1)).dag_id, "etl_daily");
  assert.equal((await airflow.monitor.health()).metadatabase.status, "healthy");
  await airflow.dags.delete("etl_daily");
  await assert.rejects(airflow.dags.get("etl_daily"), NotFoundError);
});

Deno.test("runs and task instances: batch lists, clears, deletes, a mapped dry run", async () => {
  const { airflow, clock } = setup({ dags: [...exampleDags(), MAPPED] });
  await airflow.dagRuns.trigger("flaky_checks", { dag_run_id: "f1" });
  await airflow.dagRuns.trigger("mapped", { dag_run_id: "m1" });
  await clock.advance(60_000);
  const runs = await airflow.dagRuns.listBatch("~", { dag_ids: ["flaky_checks"] });
  assert.deepEqual(runs.dag_runs.map((run) => run.dag_run_id), ["f1"]);
  const tis = await airflow.taskInstances.listBatch("~", "~", { dag_ids: ["mapped"] });
  assert.deepEqual(tis.task_instances.map((ti) => ti.map_index), [0, 1]);
  const dry = await airflow.taskInstances.updateMappedDryRun("mapped", "m1", "each", 1, {
    new_state: "failed",
  });
  assert.deepEqual(dry.task_instances.map((ti) => [ti.map_index, ti.state]), [[1, "success"]]);
  assert.equal((await airflow.taskInstances.getMapped("mapped", "m1", "each", 1)).state, "success");
  const cleared = await airflow.dagRuns.clear("flaky_checks", "f1", { dry_run: false });
  assert.equal("state" in cleared ? cleared.state : undefined, "queued");
  await airflow.dagRuns.delete("flaky_checks", "f1");
  await assert.rejects(airflow.dagRuns.get("flaky_checks", "f1"), NotFoundError);
});

Deno.test("XComs written through the API; connections changed and deleted", async () => {
  const { airflow, clock } = setup({
    connections: [{ connection_id: "db", conn_type: "postgres", host: "old" }],
  });
  await airflow.dagRuns.trigger("etl_daily", { dag_run_id: "x1" });
  await clock.advance(30_000);
  const created = await airflow.xcoms.create("etl_daily", "x1", "load", { key: "note", value: 1 });
  assert.equal(created.key, "note");
  const updated = await airflow.xcoms.update("etl_daily", "x1", "load", "note", { value: 2 });
  assert.equal(updated.value, "2");
  assert.equal(await airflow.xcoms.delete("etl_daily", "x1", "load", "note"), undefined);
  await assert.rejects(airflow.xcoms.get("etl_daily", "x1", "load", "note"), NotFoundError);
  const changed = await airflow.connections.update("db", {
    connection_id: "db",
    conn_type: "postgres",
    host: "new",
  });
  assert.equal(changed.host, "new");
  await airflow.connections.delete("db");
  await assert.rejects(airflow.connections.get("db"), NotFoundError);
});

Deno.test(
  "every JSON answer above matched its version's response schema",
  expectAnswersMatchedSchemas,
);
