/**
 * The fake's records of the state beside DAGs and runs: assets and their events, backfills,
 * import errors, the audit log, and what a human answered.
 *
 * @module
 */

/** An asset, seeded or named by a DAG. */
export interface AssetRecord {
  id: number;
  name: string;
  uri: string;
  group: string;
  extra: Record<string, unknown>;
  createdAt: number;
  /** Seeded assets stay active; others only while a DAG names them. */
  seeded: boolean;
}

/** An alias that resolves to assets. */
export interface AliasRecord {
  id: number;
  name: string;
  group: string;
  /** The ids of the assets it resolves to. */
  assets: number[];
}

/** An update of an asset: by a task that lists it in its outlets, or through the API. */
export interface AssetEventRecord {
  id: number;
  assetId: number;
  extra: Record<string, unknown>;
  timestamp: number;
  source?: { dag_id: string; run_id: string; task_id: string; map_index: number };
  /** The runs it triggered, as `[dag_id, run_id]`. */
  createdRuns: [string, string][];
  partitionKey: string | null;
}

/** An asset update that a DAG scheduled on several assets holds until all have one. */
export interface QueuedEventRecord {
  assetId: number;
  dagId: string;
  createdAt: number;
}

/** A backfill and the runs it made, in the order they run. */
export interface BackfillRecord {
  id: number;
  dag_id: string;
  from: number;
  to: number;
  conf: Record<string, unknown>;
  maxActiveRuns: number;
  reprocess: "none" | "failed" | "completed";
  paused: boolean;
  createdAt: number;
  updatedAt: number;
  /** When it was cancelled; otherwise it completes when its last run finishes. */
  cancelledAt: number | null;
  /** When runs may start again: creation, or the last unpause. */
  resumedAt: number;
  /** Its runs as `[dag_id, run_id]`, in the order they run. */
  runs: [string, string][];
}

/** A DAG file that failed to import. */
export interface ImportErrorRecord {
  id: number;
  filename: string;
  stackTrace: string;
  timestamp: number;
}

/** An entry of the audit log. */
export interface EventLogRecord {
  id: number;
  event: string;
  when: number;
  dag_id: string | null;
  task_id: string | null;
  run_id: string | null;
  map_index: number | null;
  try_number: number | null;
  owner: string | null;
  extra: string | null;
}
