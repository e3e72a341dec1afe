/** The fake Airflow's task instances: mapped ones, states and notes set by hand, deletes, bulk. */
import assert from "node:assert/strict";
import { ConflictError, NotFoundError, UnprocessableEntityError } from "../mod.ts";
import { exampleDags, type FakeDag } from "../src/testing/mod.ts";
import { expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

const FANOUT: FakeDag = {
  dag_id: "fanout",
  tasks: [
    { task_id: "start", durationSeconds: 2 },
    { task_id: "process", durationSeconds: 3, mapped: 3, failMapIndexes: [1], returns: "done" },
    { task_id: "finish", durationSeconds: 1 },
  ],
};

const states = (tis: { task_id: string; map_index: number; state?: string | null }[]) =>
  tis.map((ti) => `${ti.task_id}[${ti.map_index}]:${ti.state}`);

Deno.test("mapped task instances: one per map index, read by index, failing alone", async (t) => {
  const { airflow, clock, raw } = setup({ dags: [...exampleDags(), FANOUT] });
  await airflow.dagRuns.trigger("fanout", { dag_run_id: "m1" });

  await t.step("the map indexes run side by side once the task before them is done", async () => {
    await clock.advance(1000 + 2000 + 1000);
    const tis = await airflow.taskInstances.list("fanout", "m1").toArray();
    assert.deepEqual(states(tis), [
      "start[-1]:success",
      "process[0]:running",
      "process[1]:running",
      "process[2]:running",
      "finish[-1]:null",
    ]);
    const mapped = await airflow.taskInstances.listMapped("fanout", "m1", "process").toArray();
    assert.deepEqual(mapped.map((ti) => [ti.map_index, ti.rendered_map_index]), [
      [0, "0"],
      [1, "1"],
      [2, "2"],
    ]);
    const one = await airflow.taskInstances.getMapped("fanout", "m1", "process", 2);
    assert.equal(one.map_index, 2);
    assert.equal(one.state, "running");
  });

  await t.step("one failing index fails the task, so the next is upstream_failed", async () => {
    await clock.advance(10_000);
    const run = await airflow.dagRuns.get("fanout", "m1");
    assert.equal(run.state, "failed");
    const tis = await airflow.taskInstances.list("fanout", "m1").toArray();
    assert.deepEqual(states(tis), [
      "start[-1]:success",
      "process[0]:success",
      "process[1]:failed",
      "process[2]:success",
      "finish[-1]:upstream_failed",
    ]);
    const failedOnly = await airflow.taskInstances.listMapped("fanout", "m1", "process", {
      state: ["failed"],
    }).toArray();
    assert.deepEqual(failedOnly.map((ti) => ti.map_index), [1]);
    const tries = await airflow.taskInstances.listMappedTries("fanout", "m1", "process", 1);
    assert.deepEqual(tries.task_instances.map((ti) => [ti.map_index, ti.try_number, ti.state]), [
      [1, 1, "failed"],
    ]);
    const first = await airflow.taskInstances.getMappedTry("fanout", "m1", "process", 0, 1);
    assert.equal(first.state, "success");
    const xcom = await airflow.xcoms.get("fanout", "m1", "process", "return_value", {
      map_index: 2,
    });
    assert.equal(xcom.value, '"done"');
    assert.equal(xcom.map_index, 2);
  });

  await t.step("Airflow's 404s for mapped and unmapped reads", async () => {
    await assert.rejects(
      airflow.taskInstances.get("fanout", "m1", "process"),
      (error: unknown) =>
        error instanceof NotFoundError &&
        error.detail === "Task instance is mapped, add the map_index value to the URL",
    );
    await assert.rejects(
      airflow.taskInstances.listMapped("fanout", "m1", "start").toArray(),
      (error: unknown) =>
        error instanceof NotFoundError && error.detail === "Task id start is not mapped",
    );
    await assert.rejects(
      airflow.taskInstances.getMapped("fanout", "m1", "process", 7),
      (error: unknown) =>
        error instanceof NotFoundError && error.detail!.startsWith("The Mapped Task Instance"),
    );
    const unknown = await raw("/api/v2/dags/fanout/dagRuns/m1/taskInstances/nope/listMapped");
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { detail: "Task id nope not found" });
  });

  await t.step("marking the failed index success lets the run go on and succeed", async () => {
    const changed = await airflow.taskInstances.updateMapped("fanout", "m1", "process", 1, {
      new_state: "success",
    });
    assert.deepEqual(states(changed.task_instances), ["process[1]:success"]);
    const requeued = await airflow.dagRuns.get("fanout", "m1");
    assert.equal(requeued.state, "queued");
    await clock.advance(5_000);
    const run = await airflow.dagRuns.get("fanout", "m1");
    assert.equal(run.state, "success");
    const finish = await airflow.taskInstances.get("fanout", "m1", "finish");
    assert.equal(finish.state, "success");
  });
});

Deno.test("setting a task instance's state and note", async (t) => {
  const { airflow, clock, raw } = setup();

  await t.step(
    "success on the failed task clears what it held back; the run succeeds",
    async () => {
      await airflow.dagRuns.trigger("flaky_checks", { dag_run_id: "f1" });
      await clock.advance(60_000);
      assert.equal((await airflow.dagRuns.get("flaky_checks", "f1")).state, "failed");
      const dry = await airflow.taskInstances.updateDryRun("flaky_checks", "f1", "check_quality", {
        new_state: "success",
      });
      assert.deepEqual(states(dry.task_instances), ["check_quality[-1]:failed"]);
      assert.equal((await airflow.dagRuns.get("flaky_checks", "f1")).state, "failed");

      const changed = await airflow.taskInstances.update("flaky_checks", "f1", "check_quality", {
        new_state: "success",
      });
      assert.deepEqual(states(changed.task_instances), ["check_quality[-1]:success"]);
      const publish = await airflow.taskInstances.get("flaky_checks", "f1", "publish");
      assert.equal(publish.state, null);
      await clock.advance(10_000);
      assert.equal((await airflow.dagRuns.get("flaky_checks", "f1")).state, "success");
      assert.equal(
        (await airflow.taskInstances.get("flaky_checks", "f1", "publish")).state,
        "success",
      );
      await assert.rejects(
        airflow.taskInstances.update("flaky_checks", "f1", "check_quality", {
          new_state: "success",
        }),
        (error: unknown) =>
          error instanceof ConflictError &&
          error.detail === "Task id check_quality is already in success state",
      );
    },
  );

  await t.step("failed on a running task stops it and fails the run", async () => {
    await airflow.dagRuns.trigger("etl_daily", { dag_run_id: "e1" });
    await clock.advance(2_000);
    const changed = await airflow.taskInstances.update("etl_daily", "e1", "extract", {
      new_state: "failed",
    });
    assert.equal(changed.task_instances[0].state, "failed");
    await clock.advance(30_000);
    const run = await airflow.dagRuns.get("etl_daily", "e1");
    assert.equal(run.state, "failed");
    const tis = await airflow.taskInstances.list("etl_daily", "e1").toArray();
    assert.deepEqual(states(tis), [
      "extract[-1]:failed",
      "transform[-1]:upstream_failed",
      "load[-1]:upstream_failed",
    ]);
  });

  await t.step("skipped with include_downstream skips the rest; the run succeeds", async () => {
    await airflow.dagRuns.trigger("etl_daily", { dag_run_id: "e2" });
    await clock.advance(2_000);
    const changed = await airflow.taskInstances.update("etl_daily", "e2", "transform", {
      new_state: "skipped",
      include_downstream: true,
    });
    assert.deepEqual(states(changed.task_instances), ["transform[-1]:skipped"]);
    await clock.advance(30_000);
    const tis = await airflow.taskInstances.list("etl_daily", "e2").toArray();
    assert.deepEqual(states(tis), [
      "extract[-1]:success",
      "transform[-1]:skipped",
      "load[-1]:skipped",
    ]);
    assert.equal((await airflow.dagRuns.get("etl_daily", "e2")).state, "success");
  });

  await t.step("a note alone, with update_mask; refused states are 422s", async () => {
    const noted = await airflow.taskInstances.update("etl_daily", "e1", "load", {
      note: "checked by hand",
      new_state: "success",
    }, { update_mask: ["note"] });
    assert.equal(noted.task_instances[0].note, "checked by hand");
    assert.equal(noted.task_instances[0].state, "upstream_failed");
    assert.equal(
      (await airflow.taskInstances.get("etl_daily", "e1", "load")).note,
      "checked by hand",
    );
    await assert.rejects(
      airflow.taskInstances.update("etl_daily", "e1", "load", { new_state: "running" }),
      (error: unknown) =>
        error instanceof UnprocessableEntityError &&
        error.fieldIssues[0].message ===
          "Value error, 'running' is not one of ['success', 'failed', 'skipped']",
    );
    const missing = await raw("/api/v2/dags/etl_daily/dagRuns/e1/taskInstances/nope", {
      method: "PATCH",
      body: JSON.stringify({ new_state: "success" }),
    });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), {
      detail: "Task 'nope' not found in DAG 'etl_daily'",
    });
    const noRun = await raw("/api/v2/dags/etl_daily/dagRuns/none/taskInstances/load", {
      method: "PATCH",
      body: JSON.stringify({ new_state: "success" }),
    });
    assert.equal(noRun.status, 404);
    assert.deepEqual((await noRun.json()).detail, [
      "The Task Instance with dag_id: `etl_daily`, run_id: `none`, task_id: `load` and map_index: `None` was not found",
    ]);
  });
});

Deno.test("deleting task instances and the bulk endpoint (3.1+)", async (t) => {
  const { airflow, clock } = setup({ dags: [...exampleDags(), FANOUT] });
  await airflow.dagRuns.trigger("etl_daily", { dag_run_id: "b1" });
  await airflow.dagRuns.trigger("fanout", { dag_run_id: "b2" });
  await clock.advance(60_000);

  await t.step("a deleted task instance is gone from reads", async () => {
    assert.equal(await airflow.taskInstances.delete("etl_daily", "b1", "load"), null);
    await assert.rejects(airflow.taskInstances.get("etl_daily", "b1", "load"), NotFoundError);
    const left = await airflow.taskInstances.list("etl_daily", "b1").toArray();
    assert.deepEqual(left.map((ti) => ti.task_id), ["extract", "transform"]);
    await assert.rejects(airflow.taskInstances.delete("etl_daily", "b1", "load"), NotFoundError);
  });

  await t.step("bulk: each entity reported, a missing one fails its action", async () => {
    const result = await airflow.taskInstances.bulk("fanout", "b2", {
      actions: [
        {
          action: "update",
          entities: [
            { task_id: "process", map_index: 1, new_state: "success" },
            { task_id: "start", note: "fine" },
          ],
        },
        { action: "update", entities: [{ task_id: "ghost", new_state: "failed" }] },
        { action: "delete", entities: ["finish"] },
        { action: "create", entities: [{ task_id: "start" }] },
      ],
    });
    assert.deepEqual(result.update?.success, ["fanout.b2.process[1]", "fanout.b2.start[-1]"]);
    assert.deepEqual(result.update?.errors, [{
      error: "No task instances found for dag_id: fanout, run_id: b2, task_id: ghost",
      status_code: 404,
    }]);
    assert.deepEqual(result.delete?.success, ["fanout.b2.finish[-1]"]);
    assert.deepEqual(result.create?.errors, [{
      error: "Task instances bulk create is not supported",
      status_code: 405,
    }]);
    assert.equal(
      (await airflow.taskInstances.getMapped("fanout", "b2", "process", 1)).state,
      "success",
    );
    assert.equal((await airflow.taskInstances.get("fanout", "b2", "start")).note, "fine");
    await assert.rejects(airflow.taskInstances.get("fanout", "b2", "finish"), NotFoundError);
  });

  await t.step("Airflow 3.0 has neither: 404", async () => {
    const old = setup({ version: "3.0.2" });
    await old.airflow.dagRuns.trigger("etl_daily", { dag_run_id: "o1" });
    const response = await old.raw("/api/v2/dags/etl_daily/dagRuns/o1/taskInstances/load", {
      method: "DELETE",
    });
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { detail: "Not Found" });
  });
});

Deno.test(
  "every JSON answer above matched its version's response schema",
  expectAnswersMatchedSchemas,
);
