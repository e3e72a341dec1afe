/**
 * What the commands need of an Airflow, in the CLI's own shapes: one interface that the Airflow 3
 * client (`v2.ts`) and the Airflow 2 client (`v1.ts`) each implement.
 *
 * @module
 */
import type { DagRow, LogRow, RunRow, ServerRow, TaskRow, VariableRow } from "./rows.ts";

/** Options every call takes. */
export interface Call {
  /** Aborts the call. */
  signal?: AbortSignal;
}

/** Which DAGs to list. */
export interface DagFilter extends Call {
  tags?: string[];
  paused?: boolean;
  limit: number;
}

/** Which runs to list. */
export interface RunFilter extends Call {
  /** One DAG, or every DAG when left out. */
  dagId?: string;
  states?: string[];
  /** Runs that started at or after this time. */
  since?: Date;
  limit: number;
}

/** What to trigger. */
export interface TriggerOptions extends Call {
  conf?: Record<string, unknown>;
  runId?: string;
  logicalDate?: string;
  note?: string;
}

/** What to clear, and whether for real. */
export interface ClearOptions extends Call {
  /** Only the failed task instances (and those upstream-failed). */
  onlyFailed: boolean;
  /** Only these tasks; all when left out. */
  taskIds?: string[];
  /** The tasks downstream of those cleared too. */
  downstream: boolean;
  /** Answer with what would be cleared, and clear nothing. */
  dryRun: boolean;
}

/** A task instance cleared, or that would be. */
export interface ClearedRow {
  dag_id: string;
  run_id: string;
  task_id: string;
  /** -1 when not mapped or when the server does not say. */
  map_index: number;
  /** Its state before clearing, when the server says. */
  state: string | null;
}

/** A step of a run's progress. */
export type RunStep = { finished: false; state: string } | { finished: true; run: RunRow };

/** Polling and following. */
export interface Following extends Call {
  /** Milliseconds between reads. */
  interval: number;
}

/** An Airflow, as the commands see it. */
export interface AirflowApi {
  /** The REST API spoken: `v2` (Airflow 3) or `v1` (Airflow 2). */
  readonly api: "v2" | "v1";
  /** The server's base URL. */
  readonly url: string;
  version(call?: Call): Promise<ServerRow>;
  listDags(filter: DagFilter): Promise<DagRow[]>;
  setPaused(dagId: string, paused: boolean, call?: Call): Promise<DagRow>;
  trigger(dagId: string, options: TriggerOptions): Promise<RunRow>;
  getRun(dagId: string, runId: string, call?: Call): Promise<RunRow>;
  listRuns(filter: RunFilter): Promise<RunRow[]>;
  watchRun(dagId: string, runId: string, options: Following): AsyncIterable<RunStep>;
  listTasks(dagId: string, runId: string, call?: Call): Promise<TaskRow[]>;
  getTask(
    dagId: string,
    runId: string,
    taskId: string,
    mapIndex: number,
    call?: Call,
  ): Promise<TaskRow>;
  logs(
    task: {
      dag_id: string;
      run_id: string;
      task_id: string;
      map_index: number;
      try_number: number;
    },
    options: Following & { follow: boolean },
  ): AsyncIterable<LogRow>;
  clearTasks(dagId: string, runId: string, options: ClearOptions): Promise<ClearedRow[]>;
  getVariable(key: string, call?: Call): Promise<VariableRow>;
  setVariable(key: string, value: string, description?: string, call?: Call): Promise<VariableRow>;
  deleteVariable(key: string, call?: Call): Promise<void>;
  listVariables(limit: number, call?: Call): Promise<VariableRow[]>;
}
