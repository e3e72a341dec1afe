/**
 * The shapes `--output json` and `ndjson` print: the same on Airflow 2 and 3, whatever the server
 * sends besides. Field names are snake_case as Airflow's; times are ISO 8601 strings or `null`;
 * durations are seconds. Documented in the CLI's README; a change here is a breaking change.
 *
 * @module
 */

/** A DAG, as `dags list` and `dags pause` print it. */
export interface DagRow {
  dag_id: string;
  /** Whether the scheduler skips it. */
  is_paused: boolean;
  /** The schedule as Airflow summarises it (`0 6 * * *`, `@daily`), or `null` if none. */
  schedule: string | null;
  /** When the next scheduled run is due, if one is. */
  next_run: string | null;
  tags: string[];
  owners: string[];
  description: string | null;
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
  /** Seconds from start to end, or so far for a running run; `null` before it starts. */
  duration: number | null;
  conf: Record<string, unknown>;
}

/** A task instance of a run. */
export interface TaskRow {
  dag_id: string;
  run_id: string;
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
export interface LogRow {
  dag_id: string;
  run_id: string;
  task_id: string;
  map_index: number;
  try_number: number;
  /** When the line was written, if the log says. */
  timestamp: string | null;
  /** `info`, `warning`, `error`, … if the log says. */
  level: string | null;
  /** The message. */
  event: string;
}

/** A variable. */
export interface VariableRow {
  key: string;
  value: string;
  description: string | null;
}

/** The server, as `version` prints it. */
export interface ServerRow {
  url: string;
  /** The Airflow version it reports. */
  version: string | null;
  git_version: string | null;
  /** The REST API it speaks: `v2` (Airflow 3) or `v1` (Airflow 2). */
  api: "v2" | "v1";
}

/** Seconds between two ISO times, or to `now` if the end is missing. */
export function secondsBetween(
  start: string | null | undefined,
  end: string | null | undefined,
  now = Date.now(),
): number | null {
  if (!start) return null;
  const from = Date.parse(start);
  const to = end ? Date.parse(end) : now;
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  return Math.max(0, (to - from) / 1000);
}
