/** The fake Airflow's assets: events from tasks and the API, queues, triggered runs, materialising. */
import assert from "node:assert/strict";
import { ConflictError, NotFoundError } from "../mod.ts";
import type { FakeDag } from "../src/testing/mod.ts";
import { expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

const DAGS: FakeDag[] = [
  {
    dag_id: "ingest",
    tasks: [
      { task_id: "download", durationSeconds: 2 },
      { task_id: "store", durationSeconds: 2, outlets: ["orders"] },
    ],
  },
  { dag_id: "prices", tasks: [{ task_id: "fetch", durationSeconds: 1, outlets: ["prices"] }] },
  {
    dag_id: "report",
    schedule: ["orders", "prices"],
    tasks: [{ task_id: "build", durationSeconds: 3 }],
  },
  { dag_id: "copy_a", tasks: [{ task_id: "copy", outlets: ["shared"] }] },
  { dag_id: "copy_b", tasks: [{ task_id: "copy", outlets: ["shared"] }] },
];

Deno.test("assets: what DAGs name exists; seeded ones add URI, group, extra and aliases", async () => {
  const { airflow } = setup({
    dags: DAGS,
    assets: [{
      name: "orders",
      uri: "s3://lake/orders",
      extra: { owner: "sales" },
      aliases: ["o"],
    }],
  });
  const assets = await airflow.assets.list().toArray();
  assert.deepEqual(assets.map((asset) => [asset.id, asset.name, asset.uri]), [
    [1, "orders", "s3://lake/orders"],
    [2, "prices", "prices"],
    [3, "shared", "shared"],
  ]);
  const orders = await airflow.assets.get(1);
  assert.deepEqual(orders.producing_tasks.map((ref) => [ref.dag_id, ref.task_id]), [
    ["ingest", "store"],
  ]);
  assert.deepEqual(orders.scheduled_dags?.map((ref) => ref.dag_id), ["report"]);
  assert.deepEqual(orders.extra, { owner: "sales" });
  assert.deepEqual(orders.aliases.map((alias) => alias.name), ["o"]);
  const filtered = await airflow.assets.list({ uri_pattern: "s3://" }).toArray();
  assert.deepEqual(filtered.map((asset) => asset.name), ["orders"]);
  const byDag = await airflow.assets.list({ dag_ids: ["prices"] }).toArray();
  assert.deepEqual(byDag.map((asset) => asset.name), ["prices"]);
  const aliases = await airflow.assets.listAliases().toArray();
  assert.deepEqual(aliases.map((alias) => [alias.id, alias.name, alias.group]), [[
    1,
    "o",
    "asset",
  ]]);
  assert.equal(((await airflow.assets.getAlias(1)) as { name: string }).name, "o");
  await assert.rejects(
    airflow.assets.get(99),
    (error: unknown) =>
      error instanceof NotFoundError && error.detail === "The Asset with ID: `99` was not found",
  );
  await assert.rejects(airflow.assets.getAlias(9), NotFoundError);
});

Deno.test("asset events queue for the DAG scheduled on them, which runs once all are in", async (t) => {
  const { airflow, clock } = setup({ dags: DAGS });

  await t.step("a task's outlet becomes an event when it succeeds, and is queued", async () => {
    await airflow.dagRuns.trigger("ingest", { dag_run_id: "i1" });
    await clock.advance(1000 + 4000);
    const events = await airflow.assets.listEvents().toArray();
    assert.equal(events.length, 1);
    assert.equal(events[0].asset_id, 1);
    assert.equal(events[0].source_dag_id, "ingest");
    assert.equal(events[0].source_run_id, "i1");
    assert.equal(events[0].source_task_id, "store");
    assert.equal(events[0].source_map_index, -1);
    assert.equal(events[0].timestamp, "2026-11-20T10:00:05Z");
    const queued = await airflow.assets.listDagQueuedEvents("report");
    assert.deepEqual(queued.queued_events.map((event) => [event.dag_id, event.asset_id]), [
      ["report", 1],
    ]);
    assert.equal((await airflow.assets.getDagQueuedEvent("report", 1)).asset_id, 1);
    assert.equal((await airflow.assets.listQueuedEvents(1)).total_entries, 1);
    assert.deepEqual(await airflow.dagRuns.list("report").toArray(), []);
  });

  await t.step("an event through the API completes the set and triggers the run", async () => {
    const event = await airflow.assets.createEvent({ asset_id: 2, extra: { batch: 7 } });
    assert.deepEqual(event.extra, { batch: 7, from_rest_api: true });
    assert.equal(event.source_dag_id, null);
    const runs = await airflow.dagRuns.list("report").toArray();
    assert.equal(runs.length, 1);
    assert.equal(runs[0].run_type, "asset_triggered");
    assert.equal(runs[0].triggered_by, "asset");
    assert.match(runs[0].dag_run_id, /^asset_triggered__2026-11-20T10:00:05\+00:00_\w{8}$/);
    const upstream = await airflow.dagRuns.listUpstreamAssetEvents("report", runs[0].dag_run_id);
    assert.deepEqual(upstream.asset_events.map((item) => item.asset_id).sort(), [1, 2]);
    const created = await airflow.assets.listEvents({ asset_id: 2 }).toArray();
    assert.deepEqual(created[0].created_dagruns.map((run) => run.run_id), [runs[0].dag_run_id]);
    await assert.rejects(airflow.assets.listDagQueuedEvents("report"), NotFoundError);
    await clock.advance(10_000);
    assert.equal((await airflow.dagRuns.get("report", runs[0].dag_run_id)).state, "success");
    const orders = await airflow.assets.get(1);
    assert.equal(orders.last_asset_event?.id, 1);
  });

  await t.step("queued events can be deleted, per asset, per DAG or one", async () => {
    await airflow.assets.createEvent({ asset_id: 1 });
    await airflow.assets.deleteDagQueuedEvent("report", 1);
    await assert.rejects(airflow.assets.getDagQueuedEvent("report", 1), NotFoundError);
    await airflow.assets.createEvent({ asset_id: 1 });
    await airflow.assets.deleteQueuedEvents(1);
    await assert.rejects(airflow.assets.listQueuedEvents(1), NotFoundError);
    await airflow.assets.createEvent({ asset_id: 2 });
    await airflow.assets.deleteDagQueuedEvents("report");
    await assert.rejects(
      airflow.assets.deleteDagQueuedEvents("report"),
      (error: unknown) =>
        error instanceof NotFoundError &&
        error.detail === "Queue event with dag_id: `report` was not found",
    );
    await assert.rejects(airflow.assets.createEvent({ asset_id: 42 }), NotFoundError);
  });
});

Deno.test("materialising an asset triggers the DAG that produces it", async (t) => {
  await t.step("3.2: a run of type asset_materialization, with the body's fields", async () => {
    const { airflow, clock } = setup({ dags: DAGS });
    const run = await airflow.assets.materialize(2, { dag_run_id: "m1", note: "by hand" });
    assert.equal(run.dag_id, "prices");
    assert.equal(run.dag_run_id, "m1");
    assert.equal(run.run_type, "asset_materialization");
    assert.equal(run.note, "by hand");
    await clock.advance(5_000);
    const events = await airflow.assets.listEvents({ source_run_id: "m1" }).toArray();
    assert.deepEqual(events.map((event) => event.asset_id), [2]);
    await assert.rejects(
      airflow.assets.materialize(3),
      (error: unknown) =>
        error instanceof ConflictError &&
        error.detail === "More than one DAG materializes asset with ID: 3",
    );
    await assert.rejects(
      airflow.assets.materialize(77),
      (error: unknown) =>
        error instanceof NotFoundError && error.detail === "No DAG materializes asset with ID: 77",
    );
  });

  await t.step("3.0: a manual run, and assets have consuming_dags", async () => {
    const { airflow } = setup({ dags: DAGS, version: "3.0.2" });
    const run = await airflow.assets.materialize(1);
    assert.equal(run.run_type, "manual");
    const orders = await airflow.assets.get(1);
    assert.deepEqual(orders.consuming_dags?.map((ref) => ref.dag_id), ["report"]);
    assert.equal("scheduled_dags" in orders, false);
    assert.equal("last_asset_event" in orders, false);
  });
});

Deno.test(
  "every JSON answer above matched its version's response schema",
  expectAnswersMatchedSchemas,
);
