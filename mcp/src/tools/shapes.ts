/**
 * The schemas of the rows tools answer with (`airflow/rows.ts`), for their output schemas, and
 * the argument schemas several tools share.
 *
 * @module
 */
import * as z from "zod";
import type {
  ComponentHealth,
  DagRow,
  ImportErrorRow,
  LogLineRow,
  PoolRow,
  RunRow,
  TaskRow,
  VariableRow,
} from "../airflow/rows.ts";

const time = z.string().nullable();

/** A DAG. */
export const dagRow: z.ZodType<DagRow> = z.object({
  dag_id: z.string(),
  is_paused: z.boolean(),
  schedule: z.string().nullable(),
  next_run: time,
  tags: z.array(z.string()),
  owners: z.array(z.string()),
  description: z.string().nullable(),
  fileloc: z.string().nullable(),
  has_import_errors: z.boolean(),
});

/** A DAG file that failed to import. */
export const importErrorRow: z.ZodType<ImportErrorRow> = z.object({
  filename: z.string(),
  timestamp: time,
  error: z.string(),
});

/** A DAG run. */
export const runRow: z.ZodType<RunRow> = z.object({
  dag_id: z.string(),
  run_id: z.string(),
  state: z.string(),
  run_type: z.string().nullable(),
  logical_date: time,
  start_date: time,
  end_date: time,
  duration: z.number().nullable(),
  conf: z.record(z.string(), z.unknown()),
  note: z.string().nullable(),
});

/** A task instance. */
export const taskRow: z.ZodType<TaskRow> = z.object({
  task_id: z.string(),
  map_index: z.number(),
  state: z.string().nullable(),
  try_number: z.number(),
  start_date: time,
  end_date: time,
  duration: z.number().nullable(),
});

/** A log line. */
export const logLineRow: z.ZodType<LogLineRow> = z.object({
  timestamp: time,
  level: z.string().nullable(),
  event: z.string(),
});

/** A variable. */
export const variableRow: z.ZodType<VariableRow> = z.object({
  key: z.string(),
  value: z.string(),
  description: z.string().nullable(),
});

/** A pool. */
export const poolRow: z.ZodType<PoolRow> = z.object({
  name: z.string(),
  slots: z.number(),
  open_slots: z.number(),
  occupied_slots: z.number(),
  running_slots: z.number(),
  queued_slots: z.number(),
  description: z.string().nullable(),
});

/** One component's health. */
export const componentHealth: z.ZodType<ComponentHealth> = z.object({
  component: z.string(),
  status: z.string().nullable(),
  latest_heartbeat: time,
});

/** Counts by state, such as `{ success: 3, failed: 1 }`. */
export const stateCounts: z.ZodType<Record<string, number>> = z.record(z.string(), z.number());

/** The `dag_id` argument. */
export const dagId: z.ZodString = z.string().min(1).max(250).describe(
  "The DAG's id, exactly as Airflow shows it (case-sensitive).",
);

/** The `run_id` argument. */
export const runId: z.ZodString = z.string().min(1).max(250).describe(
  "The run's id, such as manual__2026-11-20T10:00:00+00:00 (list_runs shows them).",
);

/** The `limit` argument of a list. */
export function limit(fallback: number): z.ZodDefault<z.ZodNumber> {
  return z.number().int().min(1).max(100).default(fallback).describe(
    `How many to return, 1 to 100 (default ${fallback}).`,
  );
}
