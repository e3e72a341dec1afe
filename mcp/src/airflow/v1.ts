/**
 * The {@link AirflowApi} of an Airflow 2 server, through the library's `AirflowV1` client.
 *
 * @module
 */
import type { AirflowV1, DAG, ScheduleInterval } from "@airflowkit/client/v1";
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

/** Airflow 2's schedule: a cron expression, an interval, or what its timetable says. */
function schedule(interval: ScheduleInterval | undefined, description: string | null | undefined) {
  const value = interval as Record<string, unknown> | null | undefined;
  if (value && typeof value.value === "string") return value.value;
  if (value && value.__type === "TimeDelta") {
    const seconds = Number(value.days ?? 0) * 86_400 + Number(value.seconds ?? 0);
    return `every ${seconds} s`;
  }
  return description ?? null;
}

function dagRow(dag: DAG): DagRow {
  return {
    dag_id: dag.dag_id ?? "",
    is_paused: dag.is_paused ?? false,
    schedule: schedule(dag.schedule_interval, dag.timetable_description),
    next_run: dag.next_dagrun_create_after ?? dag.next_dagrun ?? null,
    tags: (dag.tags ?? []).map((tag) => tag.name ?? ""),
    owners: dag.owners ?? [],
    description: dag.description ?? null,
    fileloc: dag.fileloc ?? null,
    has_import_errors: dag.has_import_errors ?? false,
  };
}

/** Airflow 2 (`/api/v1`). */
export class V1Api implements AirflowApi {
  readonly api = "v1" as const;
  readonly #client: AirflowV1;

  /** @param client A client for the server. */
  constructor(client: AirflowV1) {
    this.#client = client;
  }

  async version(call: Call = {}): Promise<VersionRow> {
    const info = await this.#client.version.get(call);
    return { version: info.version ?? null, git_version: info.git_version ?? null, api: "v1" };
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
    return dagRow(await this.#client.dags.get(dagId, {}, call));
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
    return runRow(await this.#client.dagRuns.get(dagId, runId, {}, call));
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
    const task = mapIndex === -1
      ? await this.#client.taskInstances.get(dagId, runId, taskId, call)
      : await this.#client.taskInstances.getMapped(dagId, runId, taskId, mapIndex, call);
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
