/**
 * The fake's runs, task instances, XComs, pools, variables and connections as Airflow's
 * response objects: every property any version has, in a fixed order (the version played
 * keeps its own, see `versioned.ts`). DAGs and tasks are in `dag_serializers.ts`.
 *
 * @module
 */
import { dagVersion } from "./dag_serializers.ts";
import { iso, isSensitiveKey, pythonJson } from "./http.ts";
import {
  type RunRecord,
  type RunView,
  type Store,
  type TaskView,
  tryKey,
  type XComRecord,
} from "./store.ts";
import type { TaskState, TryPlan } from "./timeline.ts";
import type { FakeConnection, FakePool, FakeVariable } from "./seed.ts";

const MASK = "***";

const TRIGGERED_BY: Record<RunRecord["runType"], string> = {
  manual: "rest_api",
  asset_materialization: "rest_api",
  backfill: "backfill",
  asset_triggered: "asset",
};

function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : iso(ms);
}

function seconds(start: number | null, end: number | null): number | null {
  return start === null || end === null ? null : (end - start) / 1000;
}

/** `DAGRunResponse`. */
export function runResponse(store: Store, run: RunRecord, view: RunView): Record<string, unknown> {
  const dag = store.dag(run.dag_id);
  const logical = isoOrNull(run.logical_date);
  return {
    bundle_version: null,
    conf: run.conf,
    dag_display_name: dag.dag_id,
    dag_id: run.dag_id,
    dag_run_id: run.run_id,
    dag_versions: [dagVersion(dag)],
    data_interval_end: logical,
    data_interval_start: logical,
    duration: seconds(view.start_date, view.end_date),
    end_date: isoOrNull(view.end_date),
    last_scheduling_decision: isoOrNull(view.start_date === null ? null : view.at),
    logical_date: logical,
    note: run.note,
    partition_key: null,
    queued_at: iso(run.queued_at),
    run_after: iso(run.run_after),
    run_type: run.runType,
    start_date: isoOrNull(view.start_date),
    state: view.state,
    triggered_by: TRIGGERED_BY[run.runType],
    triggering_user_name: run.user,
  };
}

interface TryFacts {
  try_number: number;
  state: TaskState;
  start: number | null;
  end: number | null;
}

function tryFacts(task: TaskView): TryFacts {
  return {
    try_number: task.current?.try_number ?? 0,
    state: task.state,
    start: task.start_date,
    end: task.end_date,
  };
}

/** The facts of a finished earlier try, as its history row shows them. */
export function pastTry(attempt: TryPlan): TryFacts {
  return {
    try_number: attempt.try_number,
    state: attempt.failed ? "failed" : "success",
    start: attempt.start,
    end: attempt.end,
  };
}

function tiCommon(
  store: Store,
  run: RunRecord,
  task: TaskView,
  facts: TryFacts,
): Record<string, Record<string, unknown>> {
  const dag = store.dag(run.dag_id);
  const ran = facts.start !== null;
  return {
    head: {
      dag_display_name: dag.dag_id,
      dag_id: run.dag_id,
      dag_run_id: run.run_id,
      dag_version: dagVersion(dag),
      duration: seconds(facts.start, facts.end),
      end_date: isoOrNull(facts.end),
      executor: null,
      executor_config: "{}",
      hostname: ran ? "fake-worker-1" : null,
    },
    middle: {
      map_index: task.mapIndex,
      max_tries: task.task.retries,
    },
    operator: {
      operator: "PythonOperator",
      operator_name: "PythonOperator",
      pid: ran ? 4200 + task.position * 10 + facts.try_number : null,
      pool: task.task.pool,
      pool_slots: 1,
      priority_weight: dag.tasks.length - task.index,
      queue: "default",
      queued_when: isoOrNull(facts.start),
    },
    tail: {
      scheduled_when: isoOrNull(facts.start),
      start_date: isoOrNull(facts.start),
      state: facts.state,
      task_display_name: task.task.task_id,
      task_id: task.task.task_id,
    },
  };
}

/** `TaskInstanceResponse`. */
export function tiResponse(store: Store, run: RunRecord, task: TaskView): Record<string, unknown> {
  const facts = tryFacts(task);
  const parts = tiCommon(store, run, task, facts);
  return {
    ...parts.head,
    id: store.tiId(run, task.task.task_id, task.mapIndex, facts.try_number),
    logical_date: isoOrNull(run.logical_date),
    ...parts.middle,
    note: run.notes.get(task.position) ?? null,
    ...parts.operator,
    rendered_fields: {},
    rendered_map_index: task.mapIndex < 0 ? null : String(task.mapIndex),
    run_after: iso(run.run_after),
    ...parts.tail,
    trigger: task.state === "deferred" ? hitlTrigger(run, task) : null,
    triggerer_job: null,
    try_number: facts.try_number,
    unixname: "airflow",
  };
}

/** `TriggerResponse` of a task instance that waits for a human's answer. */
function hitlTrigger(run: RunRecord, task: TaskView): Record<string, unknown> {
  return {
    classpath: "airflow.providers.standard.triggers.hitl.HITLTrigger",
    created_date: iso(task.current?.start ?? run.queued_at),
    id: 1000 + task.position,
    kwargs: pythonJson({ options: task.task.hitl?.options ?? [] }),
    queue: null,
    triggerer_id: 1,
  };
}

/** `TaskInstanceHistoryResponse` for one try (`facts` from {@link pastTry}, or the current). */
export function tiHistoryResponse(
  store: Store,
  run: RunRecord,
  task: TaskView,
  facts: TryFacts = tryFacts(task),
): Record<string, unknown> {
  const parts = tiCommon(store, run, task, facts);
  return {
    ...parts.head,
    ...parts.middle,
    ...parts.operator,
    ...parts.tail,
    try_number: facts.try_number,
    unixname: "airflow",
  };
}

/**
 * The XComs of a task instance: its `return_value` once it succeeded, then pushed ones. Values
 * are stored as the JSON text `json.dumps` writes, as Airflow's XCom table holds them.
 */
export function xcomsOf(run: RunRecord, task: TaskView): XComRecord[] {
  const own: XComRecord[] = [];
  const attempt = task.current;
  const answer = task.task.hitl && attempt
    ? run.answers.get(tryKey(task.position, attempt.try_number))
    : undefined;
  const returned = answer
    ? { chosen_options: answer.chosen_options, params_input: answer.params_input }
    : task.task.returns;
  if (
    (task.task.hasReturn || answer) && attempt && !attempt.failed && !attempt.killed &&
    task.state === "success"
  ) {
    own.push({
      task_id: task.task.task_id,
      key: "return_value",
      map_index: task.mapIndex,
      value: pythonJson(returned),
      timestamp: attempt.end,
    });
  }
  const pushed = run.pushed.filter((xcom) =>
    xcom.task_id === task.task.task_id && xcom.map_index === task.mapIndex
  );
  return [...own.filter((xcom) => !pushed.some((other) => other.key === xcom.key)), ...pushed];
}

/** `XComResponse`, or `XComResponseNative` when `withValue`. */
export function xcomResponse(
  run: RunRecord,
  xcom: XComRecord,
  withValue: boolean,
): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    dag_display_name: run.dag_id,
    dag_id: run.dag_id,
    key: xcom.key,
    logical_date: isoOrNull(run.logical_date),
    map_index: xcom.map_index,
    run_after: iso(run.run_after),
    run_id: run.run_id,
    task_display_name: xcom.task_id,
    task_id: xcom.task_id,
    timestamp: iso(xcom.timestamp),
  };
  if (withValue) entry.value = xcom.value;
  return entry;
}

/** `PoolResponse`; `running` is how many task instances use the pool now. */
export function poolResponse(pool: Required<FakePool>, running: number): Record<string, unknown> {
  return {
    deferred_slots: 0,
    description: pool.description,
    include_deferred: pool.include_deferred,
    name: pool.name,
    occupied_slots: running,
    open_slots: pool.slots < 0 ? -1 : Math.max(0, pool.slots - running),
    queued_slots: 0,
    running_slots: running,
    scheduled_slots: 0,
    slots: pool.slots,
    team_name: null,
  };
}

/** `VariableResponse`, with values of sensitive keys masked. */
export function variableResponse(variable: Required<FakeVariable>): Record<string, unknown> {
  return {
    description: variable.description,
    is_encrypted: true,
    key: variable.key,
    team_name: null,
    value: isSensitiveKey(variable.key) ? MASK : variable.value,
  };
}

/** `ConnectionResponse`, with the password and sensitive extra fields masked. */
export function connectionResponse(connection: FakeConnection): Record<string, unknown> {
  return {
    conn_type: connection.conn_type,
    connection_id: connection.connection_id,
    description: connection.description ?? null,
    extra: maskExtra(connection.extra ?? null),
    host: connection.host ?? null,
    login: connection.login ?? null,
    password: connection.password ? MASK : null,
    port: connection.port ?? null,
    schema: connection.schema ?? null,
    team_name: null,
  };
}

function maskExtra(extra: string | null): string | null {
  if (extra === null) return null;
  try {
    const parsed = JSON.parse(extra);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return extra;
    return JSON.stringify(
      Object.fromEntries(
        Object.entries(parsed).map(([key, value]) => [key, isSensitiveKey(key) ? MASK : value]),
      ),
    );
  } catch {
    return extra;
  }
}
