/** The fake's example set: each new kind of state is there, and its story plays out. */
import assert from "node:assert/strict";
import { exampleSeed } from "../src/testing/mod.ts";
import { expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

Deno.test("the example set: import error, asset, backfill, mapped task, approval", async (t) => {
  const start = Date.UTC(2026, 10, 20, 10);
  const { airflow, clock } = setup(exampleSeed(start));

  await t.step("what exists from the start", async () => {
    const errors = await airflow.importErrors.list().toArray();
    assert.deepEqual(errors.map((error) => error.filename), ["legacy_export.py"]);
    const assets = await airflow.assets.list().toArray();
    assert.deepEqual(assets.map((asset) => asset.name), ["warehouse.orders"]);
    const [backfill] = await airflow.backfills.list({ dag_id: "hourly_rollup" }).toArray();
    assert.equal(backfill.from_date, "2026-11-20T07:00:00Z");
    const runs = await airflow.dagRuns.list("hourly_rollup").toArray();
    assert.deepEqual(runs.map((run) => run.logical_date), [
      "2026-11-20T07:00:00Z",
      "2026-11-20T08:00:00Z",
      "2026-11-20T09:00:00Z",
    ]);
  });

  await t.step(
    "ingest maps over regions, updates the asset, the report waits for approval",
    async () => {
      await airflow.dagRuns.trigger("orders_ingest", { dag_run_id: "o1" });
      await clock.advance(1_000 + 3_000 + 2_000 + 1_000 + 2_000 + 1_000);
      const mapped = await airflow.taskInstances.listMapped("orders_ingest", "o1", "fetch_region")
        .toArray();
      assert.deepEqual(mapped.map((ti) => [ti.map_index, ti.state]), [
        [0, "success"],
        [1, "success"],
        [2, "success"],
      ]);
      const [report] = await airflow.dagRuns.list("orders_report").toArray();
      assert.equal(report.run_type, "asset_triggered");
      const detail = await airflow.hitlDetails.get(
        "orders_report",
        report.dag_run_id,
        "approve",
        -1,
      );
      assert.equal(detail.subject, "Publish the orders report?");
      assert.equal(detail.response_received, false);
      const approve = await airflow.taskInstances.get(
        "orders_report",
        report.dag_run_id,
        "approve",
      );
      assert.equal(approve.state, "deferred");
      const events = await airflow.assets.listEvents().toArray();
      assert.deepEqual(events.map((event) => event.source_task_id), ["store"]);
      await airflow.hitlDetails.update("orders_report", report.dag_run_id, "approve", -1, {
        chosen_options: ["Publish"],
      });
      await clock.advance(2_000);
      const done = await airflow.dagRuns.get("orders_report", report.dag_run_id);
      assert.equal(done.state, "success");
    },
  );
});

Deno.test(
  "every JSON answer above matched its version's response schema",
  expectAnswersMatchedSchemas,
);
