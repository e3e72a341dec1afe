/**
 * The {@link AirflowApi} over either of the library's clients: Airflow 3's `Airflow` (`/api/v2`)
 * or Airflow 2's `AirflowV1` (`/api/v1`), whichever `connect()` gave. The two have the same
 * namespaces and methods for what the tools use; where a call or a field differs, the client's
 * class says which form to use.
 *
 * @module
 */
import type { Airflow } from "@airflowkit/client";
import { AirflowV1, type ScheduleInterval } from "@airflowkit/client/v1";
import type {
  AirflowApi,
  Call,
  ClearedRow,
  ClearOptions,
  DagFilter,
  RunFilter,
  TriggerOptions,
  TryRef,
} from "./api.ts";
import {
  clearedRow,
  componentHealth,
  importErrorRow,
  logLineRow,
  poolRow,
  runRow,
  taskRow,
  variableRow,
} from "./convert.ts";
import { listing } from "./listing.ts";
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

type Maybe<T> = T | null | undefined;

/** A DAG as either version sends it. */
interface AnyDag {
  dag_id?: string;
  is_paused?: Maybe<boolean>;
  /** Airflow 3's schedule. */
  timetable_summary?: Maybe<string>;
  timetable_description?: Maybe<string>;
  /** Airflow 2's schedule. */
  schedule_interval?: ScheduleInterval;
  next_dagrun_run_after?: Maybe<string>;
  next_dagrun_logical_date?: Maybe<string>;
  next_dagrun_create_after?: Maybe<string>;
  next_dagrun?: Maybe<string>;
  tags?: Maybe<{ name?: string }[]>;
  owners?: string[];
  description?: Maybe<string>;
  fileloc?: string;
  has_import_errors?: Maybe<boolean>;
}

/**
 * A DAG's schedule: Airflow 3's summary (`None` for no schedule, as its null timetable says),
 * or Airflow 2's cron expression or interval; else what the timetable says.
 */
function schedule(dag: AnyDag): string | null {
  if (dag.timetable_summary !== undefined && dag.timetable_summary !== null) {
    return dag.timetable_summary === "None" ? null : dag.timetable_summary;
  }
  const interval = dag.schedule_interval as Record<string, unknown> | null | undefined;
  if (interval && typeof interval.value === "string") return interval.value;
  if (interval && interval.__type === "TimeDelta") {
    return `every ${Number(interval.days ?? 0) * 86_400 + Number(interval.seconds ?? 0)} s`;
  }
  return dag.timetable_description ?? null;
}

function dagRow(dag: AnyDag): DagRow {
  return {
    dag_id: dag.dag_id ?? "",
    is_paused: dag.is_paused ?? false,
    schedule: schedule(dag),
    next_run: dag.next_dagrun_run_after ?? dag.next_dagrun_logical_date ??
      dag.next_dagrun_create_after ?? dag.next_dagrun ?? null,
    tags: (dag.tags ?? []).map((tag) => tag.name ?? ""),
    owners: dag.owners ?? [],
    description: dag.description ?? null,
    fileloc: dag.fileloc ?? null,
    has_import_errors: dag.has_import_errors ?? false,
  };
}

/** Airflow 3 or 2, through the client `connect()` chose. */
export class ClientApi implements AirflowApi {
  readonly api: "v2" | "v1";
  readonly #client: Airflow | AirflowV1;

  /** @param client A client for the server, as `connect()` gave it. */
  constructor(client: Airflow | AirflowV1) {
    this.#client = client;
    this.api = client instanceof AirflowV1 ? "v1" : "v2";
  }

  async version(call: Call = {}): Promise<VersionRow> {
    const info = await this.#client.version.get(call);
    return { version: info.version ?? null, git_version: info.git_version ?? null, api: this.api };
  }

  async health(call: Call = {}): Promise<ComponentHealth[]> {
    return componentHealth(await this.#client.monitor.health(call));
  }

  listDags({ limit, tags, paused, pattern, signal }: DagFilter): Promise<Listing<DagRow>> {
    const query = { tags, paused, dag_id_pattern: pattern, pageSize: limit, maxItems: limit };
    return listing(this.#client.dags.list(query, { signal }), "dags", dagRow);
  }

  async dagIds(limit: number, call: Call = {}): Promise<string[]> {
    const dags = await this.#client.dags.list({ maxItems: limit }, call).toArray();
    return dags.map((dag) => dag.dag_id ?? "");
  }

  async getDag(dagId: string, call: Call = {}): Promise<DagRow> {
    const client = this.#client;
    const dag = client instanceof AirflowV1
      ? await client.dags.get(dagId, {}, call)
      : await client.dags.get(dagId, call);
    return dagRow(dag);
  }

  listImportErrors(limit: number, call: Call = {}): Promise<Listing<ImportErrorRow>> {
    const errors = this.#client.importErrors.list({ pageSize: limit, maxItems: limit }, call);
    return listing(errors, "import_errors", importErrorRow);
  }

  async setPaused(dagId: string, paused: boolean, call: Call = {}): Promise<DagRow> {
    const mask = { update_mask: ["is_paused"] };
    return dagRow(await this.#client.dags.update(dagId, { is_paused: paused }, mask, call));
  }

  async trigger(
    dagId: string,
    { conf, runId, logicalDate, note, signal }: TriggerOptions,
  ): Promise<RunRow> {
    const body = { conf, dag_run_id: runId, logical_date: logicalDate, note };
    return runRow(await this.#client.dagRuns.trigger(dagId, body, { signal }));
  }

  async getRun(dagId: string, runId: string, call: Call = {}): Promise<RunRow> {
    const client = this.#client;
    const run = client instanceof AirflowV1
      ? await client.dagRuns.get(dagId, runId, {}, call)
      : await client.dagRuns.get(dagId, runId, call);
    return runRow(run);
  }

  listRuns({ dagId, states, since, limit, signal }: RunFilter): Promise<Listing<RunRow>> {
    const query = {
      state: states,
      start_date_gte: since,
      order_by: "-start_date",
      pageSize: limit,
      maxItems: limit,
    };
    return listing(this.#client.dagRuns.list(dagId ?? "~", query, { signal }), "dag_runs", runRow);
  }

  async listTasks(dagId: string, runId: string, call: Call = {}): Promise<TaskRow[]> {
    const tasks = this.#client.taskInstances.list(dagId, runId, { maxItems: 1000 }, call);
    return (await tasks.toArray()).map(taskRow);
  }

  async getTask(
    dagId: string,
    runId: string,
    taskId: string,
    mapIndex: number,
    call: Call = {},
  ): Promise<TaskRow> {
    const tasks = this.#client.taskInstances;
    const task = mapIndex === -1
      ? await tasks.get(dagId, runId, taskId, call)
      : await tasks.getMapped(dagId, runId, taskId, mapIndex, call);
    return taskRow(task);
  }

  async *logLines(ref: TryRef, { signal }: Call = {}): AsyncGenerator<LogLineRow> {
    const lines = this.#client.taskInstances.logs(ref.dagId, ref.runId, ref.taskId, ref.tryNumber, {
      mapIndex: ref.mapIndex,
      signal,
    });
    for await (const line of lines) yield logLineRow(line);
  }

  async clearFailed(dagId: string, runId: string, options: ClearOptions): Promise<ClearedRow[]> {
    const answer = await this.#client.taskInstances.clear(dagId, {
      dag_run_id: runId,
      dry_run: options.dryRun,
      only_failed: true,
      task_ids: options.taskIds,
      include_downstream: options.downstream,
    }, { signal: options.signal });
    return (answer.task_instances ?? []).map(clearedRow);
  }

  listVariables(limit: number, call: Call = {}): Promise<Listing<VariableRow>> {
    const variables = this.#client.variables.list({ pageSize: limit, maxItems: limit }, call);
    return listing(variables, "variables", variableRow);
  }

  async variableKeys(limit: number, call: Call = {}): Promise<string[]> {
    const variables = await this.#client.variables.list({ maxItems: limit }, call).toArray();
    return variables.map((variable) => variable.key ?? "");
  }

  async getVariable(key: string, call: Call = {}): Promise<VariableRow> {
    return variableRow(await this.#client.variables.get(key, call));
  }

  listPools(limit: number, call: Call = {}): Promise<Listing<PoolRow>> {
    const pools = this.#client.pools.list({ pageSize: limit, maxItems: limit }, call);
    return listing(pools, "pools", poolRow);
  }
}
