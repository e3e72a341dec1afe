/**
 * Assets, their aliases and events, the queue of updates a DAG scheduled on several assets
 * waits on, materialising an asset (a run of the DAG whose task updates it) and the events
 * that triggered a run, as `routes/public/assets.py` and `dag_run.py` answer them.
 *
 * @module
 */
import { names, producingTasks, registerAssetChange, scheduledDags } from "../assets.ts";
import {
  type Context,
  type Handler,
  type Handlers,
  listAnswer,
  param,
  versionAtLeast,
} from "../context.ts";
import { fail, iso, json, noContent } from "../http.ts";
import type { Item } from "../query.ts";
import type { AssetEventRecord, AssetRecord, QueuedEventRecord } from "../records.ts";
import { runResponse } from "../serializers.ts";
import { bodyTime } from "./dag_runs.ts";

function aliasResponse(alias: { id: number; name: string; group: string }): Item {
  return { group: alias.group, id: alias.id, name: alias.name };
}

/** `AssetResponse`: every field of every version; the version played keeps its own. */
function assetResponse(context: Context, asset: AssetRecord): Item {
  const created = iso(asset.createdAt);
  const scheduled = scheduledDags(context.store, asset).map((dag) => ({
    created_at: created,
    dag_id: dag.dag_id,
    updated_at: created,
  }));
  const events = context.store.assetEvents.filter((event) => event.assetId === asset.id);
  const last = events[events.length - 1];
  return {
    aliases: context.store.aliases.filter((alias) => alias.assets.includes(asset.id))
      .map(aliasResponse),
    consuming_dags: scheduled,
    consuming_tasks: [],
    created_at: created,
    extra: asset.extra,
    group: asset.group,
    id: asset.id,
    last_asset_event: { id: last?.id ?? null, timestamp: last ? iso(last.timestamp) : null },
    name: asset.name,
    producing_tasks: producingTasks(context.store, asset).map(([dag, taskId]) => ({
      created_at: created,
      dag_id: dag.dag_id,
      task_id: taskId,
      updated_at: created,
    })),
    scheduled_dags: scheduled,
    updated_at: created,
    uri: asset.uri,
    watchers: [],
  };
}

/** `AssetEventResponse`, with the runs it triggered as they are now. */
function eventResponse(context: Context, event: AssetEventRecord): Item {
  const asset = context.store.assets.find((candidate) => candidate.id === event.assetId);
  return {
    asset_id: event.assetId,
    created_dagruns: event.createdRuns.flatMap(([dagId, runId]) => {
      const run = context.store.runs.find((candidate) =>
        candidate.dag_id === dagId && candidate.run_id === runId
      );
      if (!run) return [];
      const view = context.store.view(run, context.now);
      const logical = run.logical_date === null ? null : iso(run.logical_date);
      return [{
        dag_id: dagId,
        data_interval_end: logical,
        data_interval_start: logical,
        end_date: view.end_date === null ? null : iso(view.end_date),
        logical_date: logical,
        partition_key: null,
        run_id: runId,
        start_date: iso(view.start_date ?? run.queued_at),
        state: view.state,
      }];
    }),
    extra: event.extra,
    group: asset?.group ?? null,
    id: event.id,
    name: asset?.name ?? null,
    partition_key: event.partitionKey,
    source_dag_id: event.source?.dag_id ?? null,
    source_map_index: event.source?.map_index ?? -1,
    source_run_id: event.source?.run_id ?? null,
    source_task_id: event.source?.task_id ?? null,
    timestamp: iso(event.timestamp),
    uri: asset?.uri ?? null,
  };
}

function queuedResponse(event: QueuedEventRecord): Item {
  return {
    asset_id: event.assetId,
    created_at: iso(event.createdAt),
    dag_display_name: event.dagId,
    dag_id: event.dagId,
  };
}

function findAsset(context: Context, id: number): AssetRecord {
  return context.store.assets.find((asset) => asset.id === id) ??
    fail(404, `The Asset with ID: \`${id}\` was not found`);
}

/** The queued events a path and its `before` select. */
function queued(context: Context, by: { assetId?: number; dagId?: string }): QueuedEventRecord[] {
  const before = context.query.before === undefined
    ? undefined
    : Date.parse(String(context.query.before));
  return context.store.queuedEvents.filter((event) =>
    (by.assetId === undefined || event.assetId === by.assetId) &&
    (by.dagId === undefined || event.dagId === by.dagId) &&
    (before === undefined || event.createdAt < before)
  );
}

function dropQueued(context: Context, chosen: QueuedEventRecord[], message: string): Response {
  if (chosen.length === 0) fail(404, message);
  context.store.queuedEvents = context.store.queuedEvents.filter((event) =>
    !chosen.includes(event)
  );
  return noContent();
}

function collection(events: QueuedEventRecord[], message: string): Response {
  if (events.length === 0) fail(404, message);
  return json({ queued_events: events.map(queuedResponse), total_entries: events.length });
}

const materialize: Handler = (context) => {
  const assetId = context.params.asset_id as number;
  const asset = context.store.assets.find((candidate) => candidate.id === assetId);
  const dagIds = asset
    ? [...new Set(producingTasks(context.store, asset).map(([dag]) => dag.dag_id))]
    : [];
  if (dagIds.length === 0) fail(404, `No DAG materializes asset with ID: ${assetId}`);
  if (dagIds.length > 1) fail(409, `More than one DAG materializes asset with ID: ${assetId}`);
  const body = (context.body ?? {}) as Record<string, unknown>;
  const logical = bodyTime(body, "logical_date") ?? null;
  // Airflow 3.2 gives these runs a type of their own; earlier versions make manual ones.
  const ownType = versionAtLeast(context, "3.2");
  const run = context.store.addRun({
    dag_id: dagIds[0],
    run_id: (body.dag_run_id as string | null | undefined) ?? undefined,
    logical_date: logical,
    run_after: bodyTime(body, "run_after") ?? context.now,
    queued_at: context.now,
    conf: (body.conf as Record<string, unknown> | null | undefined) ?? {},
    note: (body.note as string | null | undefined) ?? null,
    user: context.user?.username ?? "admin",
    runType: ownType ? "asset_materialization" : "manual",
  });
  return json(runResponse(context.store, run, context.store.view(run, context.now)));
};

/** Asset endpoints. */
export const assetHandlers: Handlers = {
  get_assets: (context) => {
    const onlyActive = context.query.only_active !== false;
    const items = context.store.assets.filter((asset) => !onlyActive || isActive(context, asset))
      .map((asset) => assetResponse(context, asset));
    return listAnswer(context, items, {
      aliases: {
        dag_ids: (item, value) => {
          const wanted = value as string[];
          const related = [
            ...(item.scheduled_dags as { dag_id: string }[]),
            ...(item.producing_tasks as { dag_id: string }[]),
          ];
          return related.some((ref) => wanted.includes(ref.dag_id));
        },
      },
      consumed: ["only_active"],
      defaultOrder: ["id"],
    });
  },
  get_asset: (context) =>
    json(assetResponse(context, findAsset(context, context.params.asset_id as number))),
  get_asset_aliases: (context) =>
    listAnswer(context, context.store.aliases.map(aliasResponse), { defaultOrder: ["id"] }),
  get_asset_alias: (context) => {
    const id = context.params.asset_alias_id as number;
    const alias = context.store.aliases.find((candidate) => candidate.id === id);
    if (!alias) fail(404, `The Asset Alias with ID: \`${id}\` was not found`);
    return json(aliasResponse(alias));
  },
  get_asset_events: (context) =>
    listAnswer(context, context.store.assetEvents.map((event) => eventResponse(context, event)), {
      defaultOrder: ["timestamp", "id"],
    }),
  create_asset_event: (context) => {
    const body = context.body as { asset_id: number; extra?: Record<string, unknown> };
    const asset = context.store.assets.find((candidate) => candidate.id === body.asset_id);
    if (!asset) fail(404, `Asset with ID: \`${body.asset_id}\` was not found`);
    const partitionKey = (context.body.partition_key as string | null | undefined) ?? null;
    const event = registerAssetChange(
      context.store,
      asset,
      context.now,
      { ...(body.extra ?? {}), from_rest_api: true },
      undefined,
      partitionKey,
    );
    return json(eventResponse(context, event));
  },
  materialize_asset: materialize,
  get_asset_queued_events: (context) => {
    const id = context.params.asset_id as number;
    return collection(
      queued(context, { assetId: id }),
      `Queue event with asset_id: \`${id}\` was not found`,
    );
  },
  delete_asset_queued_events: (context) => {
    const id = context.params.asset_id as number;
    return dropQueued(
      context,
      queued(context, { assetId: id }),
      `Queue event with asset_id: \`${id}\` was not found`,
    );
  },
  get_dag_asset_queued_events: (context) => {
    const dagId = param(context, "dag_id");
    return collection(
      queued(context, { dagId }),
      `Queue event with dag_id: \`${dagId}\` was not found`,
    );
  },
  delete_dag_asset_queued_events: (context) => {
    const dagId = param(context, "dag_id");
    return dropQueued(
      context,
      queued(context, { dagId }),
      `Queue event with dag_id: \`${dagId}\` was not found`,
    );
  },
  get_dag_asset_queued_event: (context) => {
    const dagId = param(context, "dag_id");
    const assetId = context.params.asset_id as number;
    const [event] = queued(context, { dagId, assetId });
    if (!event) {
      fail(
        404,
        `Queued event with dag_id: \`${dagId}\` and asset_id: \`${assetId}\` was not found`,
      );
    }
    return json(queuedResponse(event));
  },
  delete_dag_asset_queued_event: (context) => {
    const dagId = param(context, "dag_id");
    const assetId = context.params.asset_id as number;
    return dropQueued(
      context,
      queued(context, { dagId, assetId }),
      `Queued event with dag_id: \`${dagId}\` and asset_id: \`${assetId}\` was not found`,
    );
  },
  get_upstream_asset_events: (context) => {
    const run = context.store.run(param(context, "dag_id"), param(context, "dag_run_id"));
    const events = context.store.assetEvents.filter((event) =>
      run.triggeringEvents.includes(event.id)
    ).map((event) => eventResponse(context, event));
    return json({ asset_events: events, total_entries: events.length });
  },
};

/** Whether the asset was seeded or a DAG still names it. */
function isActive(context: Context, asset: AssetRecord): boolean {
  return asset.seeded ||
    [...context.store.dags.values()].some((dag) =>
      [...dag.scheduleAssets, ...dag.tasks.flatMap((task) => task.outlets)].some((ref) =>
        names(asset, ref)
      )
    );
}
