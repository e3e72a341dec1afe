/**
 * From what either API version answers to the tools' rows: the fields both versions have, read
 * where each keeps them.
 *
 * @module
 */
import type { ClearedRow } from "./api.ts";
import {
  type ComponentHealth,
  type ImportErrorRow,
  type LogLineRow,
  type PoolRow,
  type RunRow,
  secondsBetween,
  type TaskRow,
  type VariableRow,
} from "./rows.ts";

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
  note?: Maybe<string>;
}

/** A task instance as either version sends it. */
export interface AnyTask {
  task_id?: string;
  map_index?: number;
  state?: Maybe<string>;
  try_number?: number;
  start_date?: Maybe<string>;
  end_date?: Maybe<string>;
  duration?: Maybe<number>;
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
    note: run.note ?? null,
  };
}

/** A task instance's row. */
export function taskRow(task: AnyTask): TaskRow {
  return {
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
    task_id: task.task_id ?? "",
    map_index: task.map_index ?? -1,
    state: task.state ?? null,
  };
}

/** The last lines of a traceback, where its cause is, at most 600 characters. */
function lastLines(trace: string): string {
  const lines = trace.trimEnd().split("\n").filter((line) => line.trim() !== "");
  const tail = lines.slice(-3).join("\n");
  return tail.length > 600 ? `…${tail.slice(-600)}` : tail;
}

/** An import error's row. */
export function importErrorRow(
  error: { filename?: string; timestamp?: Maybe<string>; stack_trace?: string },
): ImportErrorRow {
  return {
    filename: error.filename ?? "",
    timestamp: error.timestamp ?? null,
    error: lastLines(error.stack_trace ?? ""),
  };
}

/** A log line's row. */
export function logLineRow(line: { event: string; timestamp?: Maybe<string>; level?: unknown }) {
  const row: LogLineRow = {
    timestamp: line.timestamp ?? null,
    level: typeof line.level === "string" ? line.level : null,
    event: line.event,
  };
  return row;
}

/** A variable's row. */
export function variableRow(
  variable: { key?: string; value?: string; description?: Maybe<string> },
): VariableRow {
  return {
    key: variable.key ?? "",
    value: variable.value ?? "",
    description: variable.description ?? null,
  };
}

/** A pool's row. */
export function poolRow(pool: {
  name?: string;
  slots?: number;
  open_slots?: number;
  occupied_slots?: number;
  running_slots?: number;
  queued_slots?: number;
  description?: Maybe<string>;
}): PoolRow {
  return {
    name: pool.name ?? "",
    slots: pool.slots ?? 0,
    open_slots: pool.open_slots ?? 0,
    occupied_slots: pool.occupied_slots ?? 0,
    running_slots: pool.running_slots ?? 0,
    queued_slots: pool.queued_slots ?? 0,
    description: pool.description ?? null,
  };
}

/**
 * Each component of a health answer: `{ scheduler: { status, latest_scheduler_heartbeat } }`
 * on both versions, a component missing or `null` where it is not deployed.
 */
export function componentHealth(health: object): ComponentHealth[] {
  return Object.entries(health).map(([component, info]) => {
    const fields = (info ?? {}) as Record<string, unknown>;
    const heartbeat = Object.entries(fields).find(([key]) => key.startsWith("latest_"))?.[1];
    return {
      component,
      status: typeof fields.status === "string" ? fields.status : null,
      latest_heartbeat: typeof heartbeat === "string" ? heartbeat : null,
    };
  });
}
