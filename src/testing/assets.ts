/**
 * Assets as Airflow's asset manager handles them: every asset a DAG names exists; an update (a
 * task listing it in its outlets succeeding, or `POST /assets/events`) is an asset event, which
 * queues it for each DAG scheduled on it; a DAG whose every scheduled asset is queued is
 * triggered (`asset_triggered`) and its queue emptied.
 *
 * Task updates are found, not pushed: before each request the fake turns the outlets of the
 * tries that have succeeded since into events, oldest first, at the time each try ended.
 *
 * @module
 */
import { pythonIso } from "./http.ts";
import type { AssetEventRecord, AssetRecord } from "./records.ts";
import { type DagRecord, randomString, type RunRecord, type Store, tryKey } from "./store.ts";
import type { FakeAsset } from "./seed.ts";

/** Adds the seeded assets, then those DAGs name that are not seeded, with ids in that order. */
export function addAssets(store: Store, seeds: FakeAsset[]): void {
  const now = store.clock.now();
  const add = (name: string, seed?: FakeAsset) => {
    if (store.assets.some((asset) => asset.name === name || asset.uri === name)) return;
    const asset: AssetRecord = {
      id: store.nextId(store.assets),
      name,
      uri: seed?.uri ?? name,
      group: seed?.group ?? "asset",
      extra: seed?.extra ?? {},
      createdAt: now,
      seeded: seed !== undefined,
    };
    store.assets.push(asset);
    for (const aliasName of seed?.aliases ?? []) {
      let alias = store.aliases.find((candidate) => candidate.name === aliasName);
      if (!alias) {
        alias = { id: store.nextId(store.aliases), name: aliasName, group: "asset", assets: [] };
        store.aliases.push(alias);
      }
      alias.assets.push(asset.id);
    }
  };
  for (const seed of seeds) add(seed.name, seed);
  for (const dag of store.dags.values()) {
    for (const name of [...dag.tasks.flatMap((task) => task.outlets), ...dag.scheduleAssets]) {
      add(name);
    }
  }
}

/** Whether `ref` (a name or a URI, as DAGs write it) names `asset`. */
export function names(asset: AssetRecord, ref: string): boolean {
  return asset.name === ref || asset.uri === ref;
}

/** The DAGs scheduled on an asset. */
export function scheduledDags(store: Store, asset: AssetRecord): DagRecord[] {
  return [...store.dags.values()].filter((dag) =>
    dag.scheduleAssets.some((ref) => names(asset, ref))
  );
}

/** The tasks that list an asset in their outlets, as `[dag, task_id]`. */
export function producingTasks(store: Store, asset: AssetRecord): [DagRecord, string][] {
  return [...store.dags.values()].flatMap((dag) =>
    dag.tasks.filter((task) => task.outlets.some((ref) => names(asset, ref)))
      .map((task): [DagRecord, string] => [dag, task.task_id])
  );
}

/**
 * Records an update of `asset` at `timestamp`, queues it for the DAGs scheduled on it and
 * triggers those whose every asset is queued now.
 */
export function registerAssetChange(
  store: Store,
  asset: AssetRecord,
  timestamp: number,
  extra: Record<string, unknown>,
  source?: AssetEventRecord["source"],
  partitionKey: string | null = null,
): AssetEventRecord {
  const event: AssetEventRecord = {
    id: store.nextId(store.assetEvents),
    assetId: asset.id,
    extra,
    timestamp,
    source,
    createdRuns: [],
    partitionKey,
  };
  store.assetEvents.push(event);
  for (const dag of scheduledDags(store, asset)) {
    if (
      !store.queuedEvents.some((queued) =>
        queued.dagId === dag.dag_id && queued.assetId === asset.id
      )
    ) {
      store.queuedEvents.push({ assetId: asset.id, dagId: dag.dag_id, createdAt: timestamp });
    }
    const wanted = store.assets.filter((candidate) =>
      dag.scheduleAssets.some((ref) => names(candidate, ref))
    );
    const ready = wanted.every((candidate) =>
      store.queuedEvents.some((queued) =>
        queued.dagId === dag.dag_id && queued.assetId === candidate.id
      )
    );
    if (!ready) continue;
    store.queuedEvents = store.queuedEvents.filter((queued) => queued.dagId !== dag.dag_id);
    const triggering = wanted.flatMap((candidate) => {
      const latest = store.assetEvents.filter((other) => other.assetId === candidate.id).pop();
      return latest ? [latest] : [];
    });
    const run = store.addRun({
      dag_id: dag.dag_id,
      run_id: `asset_triggered__${pythonIso(timestamp)}_${randomString(8)}`,
      logical_date: null,
      run_after: timestamp,
      queued_at: timestamp,
      conf: {},
      note: null,
      user: "airflow",
      runType: "asset_triggered",
      triggeringEvents: triggering.map((other) => other.id),
    });
    for (const other of triggering) other.createdRuns.push([run.dag_id, run.run_id]);
  }
  return event;
}

interface Emission {
  run: RunRecord;
  key: string;
  at: number;
  taskId: string;
  mapIndex: number;
  outlets: string[];
}

/** The successful tries with outlets, up to `now`, not yet turned into events. */
function pendingEmissions(store: Store, now: number): Emission[] {
  return store.runs.flatMap((run) => {
    const dag = store.dags.get(run.dag_id);
    if (!dag?.tasks.some((task) => task.outlets.length > 0)) return [];
    return store.view(run, now).tasks.flatMap((task) => {
      const attempt = task.current;
      if (task.state !== "success" || task.task.outlets.length === 0 || !attempt) return [];
      if (attempt.failed || attempt.killed) return [];
      const key = tryKey(task.position, attempt.try_number);
      if (run.emitted.has(key)) return [];
      return [{
        run,
        key,
        at: attempt.end,
        taskId: task.task.task_id,
        mapIndex: task.mapIndex,
        outlets: task.task.outlets,
      }];
    });
  });
}

/**
 * Turns the outlets of the tries that succeeded by `now` into asset events, oldest first; a
 * run they trigger may succeed in turn before `now`, so the search goes on until none is left.
 */
export function settleOutlets(store: Store, now: number): void {
  if (![...store.dags.values()].some((dag) => dag.tasks.some((task) => task.outlets.length))) {
    return;
  }
  for (;;) {
    const pending = pendingEmissions(store, now).sort((a, b) => a.at - b.at);
    const next = pending[0];
    if (!next) return;
    next.run.emitted.add(next.key);
    for (const ref of next.outlets) {
      const asset = store.assets.find((candidate) => names(candidate, ref));
      if (!asset) continue;
      registerAssetChange(store, asset, next.at, {}, {
        dag_id: next.run.dag_id,
        run_id: next.run.run_id,
        task_id: next.taskId,
        map_index: next.mapIndex,
      });
    }
  }
}
