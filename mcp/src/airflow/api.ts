/**
 * What the tools need of an Airflow, in the tools' own shapes: one interface that the Airflow 3
 * client (`v2.ts`) and the Airflow 2 client (`v1.ts`) each implement.
 *
 * @module
 */
import type {
  ComponentHealth,
  DagRow,
  ImportErrorRow,
  Listing,
  LogLineRow,
  PoolRow,
  RunRow,
  TaskRow,
  VariableRow,
  VersionRow,
} from "./rows.ts";

/** Options every call takes. */
export interface Call {
  /** Aborts the call. */
  signal?: AbortSignal;
}

/** Which DAGs to list. */
export interface DagFilter extends Call {
  limit: number;
  tags?: string[];
  paused?: boolean;
  /** A part of the DAG id. */
  pattern?: string;
}

/** Which runs to list. */
export interface RunFilter extends Call {
  limit: number;
  /** One DAG, or every DAG when left out. */
  dagId?: string;
  states?: string[];
  /** Runs that started at or after this time. */
  since?: Date;
}

/** What to trigger. */
export interface TriggerOptions extends Call {
  conf?: Record<string, unknown>;
  runId?: string;
  logicalDate?: string;
  note?: string;
}

/** Which failed task instances to clear, and whether for real. */
export interface ClearOptions extends Call {
  taskIds?: string[];
  downstream: boolean;
  dryRun: boolean;
}

/** A task instance cleared, or that would be. */
export interface ClearedRow {
  task_id: string;
  map_index: number;
  /** Its state before clearing, when the server says. */
  state: string | null;
}

/** The try whose log to read. */
export interface TryRef {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
  tryNumber: number;
}

/** An Airflow, as the tools see it. */
export interface AirflowApi {
  /** The REST API spoken: `v2` (Airflow 3) or `v1` (Airflow 2). */
  readonly api: "v2" | "v1";
  version(call?: Call): Promise<VersionRow>;
  health(call?: Call): Promise<ComponentHealth[]>;
  listDags(filter: DagFilter): Promise<Listing<DagRow>>;
  /** Up to `limit` DAG ids, for suggestions. */
  dagIds(limit: number, call?: Call): Promise<string[]>;
  getDag(dagId: string, call?: Call): Promise<DagRow>;
  listImportErrors(limit: number, call?: Call): Promise<Listing<ImportErrorRow>>;
  setPaused(dagId: string, paused: boolean, call?: Call): Promise<DagRow>;
  trigger(dagId: string, options: TriggerOptions): Promise<RunRow>;
  getRun(dagId: string, runId: string, call?: Call): Promise<RunRow>;
  listRuns(filter: RunFilter): Promise<Listing<RunRow>>;
  listTasks(dagId: string, runId: string, call?: Call): Promise<TaskRow[]>;
  getTask(
    dagId: string,
    runId: string,
    taskId: string,
    mapIndex: number,
    call?: Call,
  ): Promise<TaskRow>;
  /** The lines of a try's log as they are read; the source-details header is not among them. */
  logLines(ref: TryRef, call?: Call): AsyncIterable<LogLineRow>;
  clearFailed(dagId: string, runId: string, options: ClearOptions): Promise<ClearedRow[]>;
  listVariables(limit: number, call?: Call): Promise<Listing<VariableRow>>;
  /** Up to `limit` variable keys, for suggestions. */
  variableKeys(limit: number, call?: Call): Promise<string[]>;
  getVariable(key: string, call?: Call): Promise<VariableRow>;
  listPools(limit: number, call?: Call): Promise<Listing<PoolRow>>;
}
