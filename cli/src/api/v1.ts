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
  Following,
  RunFilter,
  RunStep,
  TriggerOptions,
} from "./api.ts";
import { clearedRow, logRow, runRow, taskRow } from "./convert.ts";
import type { DagRow, LogRow, RunRow, ServerRow, TaskRow, VariableRow } from "./rows.ts";

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
  };
}

function variableRow(variable: { key?: string; value?: string; description?: string | null }) {
  return {
    key: variable.key ?? "",
    value: variable.value ?? "",
    description: variable.description ?? null,
  };
}

/** Airflow 2 (`/api/v1`). */
export class V1Api implements AirflowApi {
  readonly api = "v1" as const;
  readonly url: string;
  readonly #client: AirflowV1;

  /** @param client A client for the server. */
  constructor(client: AirflowV1) {
    this.#client = client;
    this.url = client.baseUrl;
  }

  async version(call: Call = {}): Promise<ServerRow> {
    const info = await this.#client.version.get(call);
    return {
      url: this.url,
      version: info.version ?? null,
      git_version: info.git_version ?? null,
      api: "v1",
    };
  }

  async listDags({ tags, paused, limit, signal }: DagFilter): Promise<DagRow[]> {
    const dags = await this.#client.dags.list({ tags, paused, maxItems: limit }, { signal })
      .toArray();
    return dags.map(dagRow);
  }

  async setPaused(dagId: string, paused: boolean, call: Call = {}): Promise<DagRow> {
    return dagRow(
      await this.#client.dags.update(
        dagId,
        { is_paused: paused },
        { update_mask: ["is_paused"] },
        call,
      ),
    );
  }

  async trigger(
    dagId: string,
    { conf, runId, logicalDate, note, signal }: TriggerOptions,
  ): Promise<RunRow> {
    const run = await this.#client.dagRuns.trigger(dagId, {
      conf,
      dag_run_id: runId,
      logical_date: logicalDate,
      note,
    }, { signal });
    return runRow(run);
  }

  async getRun(dagId: string, runId: string, call: Call = {}): Promise<RunRow> {
    return runRow(await this.#client.dagRuns.get(dagId, runId, {}, call));
  }

  async listRuns({ dagId, states, since, limit, signal }: RunFilter): Promise<RunRow[]> {
    const runs = await this.#client.dagRuns.list(dagId ?? "~", {
      state: states,
      start_date_gte: since,
      order_by: "-start_date",
      maxItems: limit,
    }, { signal }).toArray();
    return runs.map(runRow);
  }

  async *watchRun(
    dagId: string,
    runId: string,
    { interval, signal }: Following,
  ): AsyncGenerator<RunStep> {
    for await (const step of this.#client.dagRuns.watch(dagId, runId, { interval, signal })) {
      yield step.finished
        ? { finished: true, run: runRow(step.run) }
        : { finished: false, state: step.state };
    }
  }

  async listTasks(dagId: string, runId: string, call: Call = {}): Promise<TaskRow[]> {
    return (await this.#client.taskInstances.list(dagId, runId, {}, call).toArray()).map(taskRow);
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

  async *logs(
    task: Parameters<AirflowApi["logs"]>[0],
    { follow, interval, signal }: Following & { follow: boolean },
  ): AsyncGenerator<LogRow> {
    const lines = this.#client.taskInstances.logs(
      task.dag_id,
      task.run_id,
      task.task_id,
      task.try_number,
      {
        follow,
        interval,
        signal,
        mapIndex: task.map_index,
      },
    );
    for await (const line of lines) yield logRow(task, line);
  }

  async clearTasks(dagId: string, runId: string, options: ClearOptions): Promise<ClearedRow[]> {
    const answer = await this.#client.taskInstances.clear(dagId, {
      dag_run_id: runId,
      dry_run: options.dryRun,
      only_failed: options.onlyFailed,
      task_ids: options.taskIds,
      include_downstream: options.downstream,
    }, { signal: options.signal });
    return (answer.task_instances ?? []).map(clearedRow);
  }

  async getVariable(key: string, call: Call = {}): Promise<VariableRow> {
    return variableRow(await this.#client.variables.get(key, call));
  }

  async setVariable(
    key: string,
    value: string,
    description?: string,
    call: Call = {},
  ): Promise<VariableRow> {
    return variableRow(await this.#client.variables.set(key, value, { description, ...call }));
  }

  async deleteVariable(key: string, call: Call = {}): Promise<void> {
    await this.#client.variables.delete(key, call);
  }

  async listVariables(limit: number, call: Call = {}): Promise<VariableRow[]> {
    const variables = await this.#client.variables.list({ maxItems: limit }, call).toArray();
    return variables.map(variableRow);
  }
}
