/**
 * What the tools answer with: the same shapes on Airflow 3 and 2, whatever else the server sends.
 * Field names are snake_case as Airflow's; times are ISO 8601 strings or `null`.
 *
 * @module
 */

/** A DAG. */
export interface DagRow {
  dag_id: string;
  is_paused: boolean;
  /** The schedule as Airflow summarises it (`0 6 * * *`, `@daily`), or `null`. */
  schedule: string | null;
  /** When the next scheduled run is due, if one is. */
  next_run: string | null;
  tags: string[];
  owners: string[];
  description: string | null;
  /** The DAG's file, as the server reports it. */
  fileloc: string | null;
  /** Whether its file failed to import the last time it was parsed. */
  has_import_errors: boolean;
}

/** A DAG file that failed to import. */
export interface ImportErrorRow {
  filename: string;
  /** When the failure was recorded. */
  timestamp: string | null;
  /** The traceback's last lines, where the cause usually is. */
  error: string;
}

/** A DAG run. */
export interface RunRow {
  dag_id: string;
  run_id: string;
  /** `queued`, `running`, `success` or `failed`. */
  state: string;
  /** `manual`, `scheduled`, `backfill`, … */
  run_type: string | null;
  logical_date: string | null;
  start_date: string | null;
  end_date: string | null;
  /** Seconds from start to end, or so far; `null` before it starts. */
  duration: number | null;
  conf: Record<string, unknown>;
  note: string | null;
}

/** A task instance of a run. */
export interface TaskRow {
  task_id: string;
  /** -1 when the task is not mapped. */
  map_index: number;
  /** `null` until the scheduler looks at it, then `scheduled`, `queued`, `running`, … */
  state: string | null;
  /** The try under way or last made; 0 before the first. */
  try_number: number;
  start_date: string | null;
  end_date: string | null;
  duration: number | null;
}

/** A line of a task's log. */
export interface LogLineRow {
  timestamp: string | null;
  level: string | null;
  event: string;
}

/** A variable. */
export interface VariableRow {
  key: string;
  value: string;
  description: string | null;
}

/** A pool and how its slots are used. */
export interface PoolRow {
  name: string;
  slots: number;
  open_slots: number;
  occupied_slots: number;
  running_slots: number;
  queued_slots: number;
  description: string | null;
}

/** One component of Airflow's health. */
export interface ComponentHealth {
  /** `metadatabase`, `scheduler`, `triggerer`, `dag_processor`. */
  component: string;
  /** `healthy`, `unhealthy`, or `null` when not reported (a component not deployed). */
  status: string | null;
  /** Its latest heartbeat, for those that beat. */
  latest_heartbeat: string | null;
}

/** The server's version and the REST API spoken. */
export interface VersionRow {
  version: string | null;
  git_version: string | null;
  /** `v2` (Airflow 3) or `v1` (Airflow 2). */
  api: "v2" | "v1";
}

/** A page of a list: the items, and how many there are in all. */
export interface Listing<Row> {
  items: Row[];
  /** How many the server has in all, when it says. */
  total: number;
}

/** Seconds between two ISO times, or to now if the end is missing. */
export function secondsBetween(
  start: string | null | undefined,
  end: string | null | undefined,
  now = Date.now(),
): number | null {
  if (!start) return null;
  const from = Date.parse(start);
  const to = end ? Date.parse(end) : now;
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  return Math.round(Math.max(0, (to - from) / 1000) * 10) / 10;
}
