/** The fake Airflow's backfills: their runs, pace, pause, cancel, and the errors Airflow gives. */
import assert from "node:assert/strict";
import { ConflictError, NotFoundError, UnprocessableEntityError } from "../mod.ts";
import type { FakeDag } from "../src/testing/mod.ts";
import { expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

const DAGS: FakeDag[] = [
  { dag_id: "daily", schedule: "@daily", tasks: [{ task_id: "work", durationSeconds: 10 }] },
  { dag_id: "manual_only", tasks: [{ task_id: "work" }] },
];
const FROM = "2026-11-15T00:00:00Z";
const TO = "2026-11-18T00:00:00Z";

Deno.test("a backfill creates one run per day and runs max_active_runs at a time", async (t) => {
  const { airflow, clock } = setup({ dags: DAGS });

  await t.step("a dry run lists the logical dates and changes nothing", async () => {
    const dry = await airflow.backfills.dryRun({ dag_id: "daily", from_date: FROM, to_date: TO });
    assert.deepEqual(dry.backfills.map((item) => item.logical_date), [
      "2026-11-15T00:00:00Z",
      "2026-11-16T00:00:00Z",
      "2026-11-17T00:00:00Z",
      "2026-11-18T00:00:00Z",
    ]);
    assert.equal((await airflow.dagRuns.list("daily").toArray()).length, 0);
  });

  await t.step("creating it creates the runs, two of them started", async () => {
    const backfill = await airflow.backfills.create({
      dag_id: "daily",
      from_date: FROM,
      to_date: TO,
      max_active_runs: 2,
      dag_run_conf: { source: "backfill" },
    });
    assert.equal(backfill.id, 1);
    assert.equal(backfill.completed_at, null);
    assert.equal(backfill.max_active_runs, 2);
    assert.equal(backfill.reprocess_behavior, "none");
    const runs = await airflow.dagRuns.list("daily").toArray();
    assert.deepEqual(runs.map((run) => [run.dag_run_id, run.run_type, run.triggered_by]), [
      ["backfill__2026-11-15T00:00:00+00:00", "backfill", "backfill"],
      ["backfill__2026-11-16T00:00:00+00:00", "backfill", "backfill"],
      ["backfill__2026-11-17T00:00:00+00:00", "backfill", "backfill"],
      ["backfill__2026-11-18T00:00:00+00:00", "backfill", "backfill"],
    ]);
    assert.deepEqual(runs[0].conf, { source: "backfill" });
    await clock.advance(2_000);
    const states = (await airflow.dagRuns.list("daily").toArray()).map((run) => run.state);
    assert.deepEqual(states, ["running", "running", "queued", "queued"]);
  });

  await t.step("a second backfill of the DAG is a 409 while this one runs", async () => {
    await assert.rejects(
      airflow.backfills.create({ dag_id: "daily", from_date: FROM, to_date: TO }),
      (error: unknown) =>
        error instanceof ConflictError &&
        error.detail === "There is already a running backfill for dag daily",
    );
  });

  await t.step("paused, the waiting runs stay queued; unpaused, they go on", async () => {
    const paused = await airflow.backfills.pause(1);
    assert.equal(paused.is_paused, true);
    await clock.advance(30_000);
    const states = (await airflow.dagRuns.list("daily").toArray()).map((run) => run.state);
    assert.deepEqual(states, ["success", "success", "queued", "queued"]);
    assert.equal((await airflow.backfills.unpause(1)).is_paused, false);
    await clock.advance(60_000);
    const done = (await airflow.dagRuns.list("daily").toArray()).map((run) => run.state);
    assert.deepEqual(done, ["success", "success", "success", "success"]);
    const backfill = await airflow.backfills.get(1);
    assert.notEqual(backfill.completed_at, null);
    const listed = await airflow.backfills.list({ dag_id: "daily" }).toArray();
    assert.deepEqual(listed.map((item) => item.id), [1]);
    await assert.rejects(
      airflow.backfills.pause(1),
      (error: unknown) =>
        error instanceof ConflictError && error.detail === "Backfill is already completed.",
    );
  });

  await t.step("the dates it ran are skipped next time unless reprocessing", async () => {
    const none = await airflow.backfills.dryRun({ dag_id: "daily", from_date: FROM, to_date: TO });
    assert.equal(none.total_entries, 0);
    const again = await airflow.backfills.dryRun({
      dag_id: "daily",
      from_date: FROM,
      to_date: TO,
      reprocess_behavior: "completed",
      run_backwards: true,
    });
    assert.deepEqual(again.backfills.map((item) => item.logical_date), [
      "2026-11-18T00:00:00Z",
      "2026-11-17T00:00:00Z",
      "2026-11-16T00:00:00Z",
      "2026-11-15T00:00:00Z",
    ]);
  });
});

Deno.test("cancelling a backfill fails its queued runs; Airflow's errors", async (t) => {
  const { airflow, clock } = setup({
    dags: DAGS,
    backfills: [{ dag_id: "daily", from_date: FROM, to_date: TO, max_active_runs: 1 }],
  });

  await t.step("a seeded backfill runs from the start; cancelled, the rest fail", async () => {
    await clock.advance(2_000);
    const cancelled = await airflow.backfills.cancel(1);
    assert.equal(cancelled.is_paused, true);
    assert.notEqual(cancelled.completed_at, null);
    const states = (await airflow.dagRuns.list("daily").toArray()).map((run) => run.state);
    assert.deepEqual(states, ["running", "failed", "failed", "failed"]);
  });

  await t.step("404, 422 for a DAG without schedule or future dates", async () => {
    await assert.rejects(
      airflow.backfills.get(9),
      (error: unknown) => error instanceof NotFoundError && error.detail === "Backfill not found",
    );
    await assert.rejects(
      airflow.backfills.cancel(9),
      (error: unknown) =>
        error instanceof NotFoundError && error.detail === "Could not find backfill with id 9",
    );
    await assert.rejects(
      airflow.backfills.create({ dag_id: "nope", from_date: FROM, to_date: TO }),
      (error: unknown) =>
        error instanceof NotFoundError && error.detail === "Could not find dag nope",
    );
    await assert.rejects(
      airflow.backfills.create({ dag_id: "manual_only", from_date: FROM, to_date: TO }),
      (error: unknown) =>
        error instanceof UnprocessableEntityError &&
        error.detail === "manual_only has no schedule",
    );
    await assert.rejects(
      airflow.backfills.dryRun({
        dag_id: "daily",
        from_date: "2027-01-01T00:00:00Z",
        to_date: "2027-01-05T00:00:00Z",
      }),
      (error: unknown) =>
        error instanceof UnprocessableEntityError &&
        error.detail === "Backfill cannot be executed for future dates.",
    );
  });
});

Deno.test(
  "every JSON answer above matched its version's response schema",
  expectAnswersMatchedSchemas,
);
