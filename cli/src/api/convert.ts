/**
 * From what either API version answers to the CLI's rows: the fields both versions have,
 * read where each keeps them.
 *
 * @module
 */
import type { ClearedRow } from "./api.ts";
import { type LogRow, type RunRow, secondsBetween, type TaskRow } from "./rows.ts";

type Maybe<T> = T | null | undefined;

/** A DAG run as either version sends it. */
export interface AnyRun {
  dag_id?: string;
  dag_run_id?: Maybe<string>;
  state?: Maybe<string>;
  run_type?: Maybe<string>;
  logical_date?: Maybe<string>;
  execution_date?: Maybe<string>;
  start_date?: Maybe<string>;
  end_date?: Maybe<string>;
  conf?: Maybe<Record<string, unknown>>;
}

/** A task instance as either version sends it. */
export interface AnyTask {
  dag_id?: string;
  dag_run_id?: string;
  task_id?: string;
  map_index?: number;
  state?: Maybe<string>;
  try_number?: number;
  start_date?: Maybe<string>;
  end_date?: Maybe<string>;
  duration?: Maybe<number>;
}

/** A log line as the library yields it. */
export interface AnyLogLine {
  event: string;
  timestamp?: Maybe<string>;
  level?: unknown;
}

/** A run's row. */
export function runRow(run: AnyRun): RunRow {
  return {
    dag_id: run.dag_id ?? "",
    run_id: run.dag_run_id ?? "",
    state: run.state ?? "unknown",
    run_type: run.run_type ?? null,
    logical_date: run.logical_date ?? run.execution_date ?? null,
    start_date: run.start_date ?? null,
    end_date: run.end_date ?? null,
    duration: secondsBetween(run.start_date, run.end_date),
    conf: run.conf ?? {},
  };
}

/** A task instance's row. */
export function taskRow(task: AnyTask): TaskRow {
  return {
    dag_id: task.dag_id ?? "",
    run_id: task.dag_run_id ?? "",
    task_id: task.task_id ?? "",
    map_index: task.map_index ?? -1,
    state: task.state ?? null,
    try_number: task.try_number ?? 0,
    start_date: task.start_date ?? null,
    end_date: task.end_date ?? null,
    duration: task.duration ?? secondsBetween(task.start_date, task.end_date),
  };
}

/** A task instance cleared, or that would be. */
export function clearedRow(task: AnyTask): ClearedRow {
  return {
    dag_id: task.dag_id ?? "",
    run_id: task.dag_run_id ?? "",
    task_id: task.task_id ?? "",
    map_index: task.map_index ?? -1,
    state: task.state ?? null,
  };
}

/** A log line's row. */
export function logRow(
  task: { dag_id: string; run_id: string; task_id: string; map_index: number; try_number: number },
  line: AnyLogLine,
): LogRow {
  return {
    dag_id: task.dag_id,
    run_id: task.run_id,
    task_id: task.task_id,
    map_index: task.map_index,
    try_number: task.try_number,
    timestamp: line.timestamp ?? null,
    level: typeof line.level === "string" ? line.level : null,
    event: line.event,
  };
}
