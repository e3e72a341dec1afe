/**
 * The fake's records as Airflow 3.2's response objects, every property the schema lists
 * present and in a fixed order.
 *
 * @module
 */
import { base64url } from "../core/base64url.ts";
import { iso, isSensitiveKey, pythonJson } from "./http.ts";
import {
  answerKey,
  type DagRecord,
  type RunRecord,
  type RunView,
  type Store,
  type TaskView,
  type XComRecord,
} from "./store.ts";
import type { PlannedTask, TaskState, TryPlan } from "./timeline.ts";
import type { FakeConnection, FakePool, FakeVariable } from "./seed.ts";

const BUNDLE = "dags-folder";
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

/** `DagVersionResponse`. */
export function dagVersion(dag: DagRecord): Record<string, unknown> {
  return {
    bundle_name: BUNDLE,
    bundle_url: null,
    bundle_version: null,
    created_at: iso(dag.createdAt),
    dag_display_name: dag.dag_id,
    dag_id: dag.dag_id,
    id: dag.versionId,
    version_number: 1,
  };
}

/** Where the fake's DAG files are. */
export const DAGS_FOLDER = "/opt/airflow/dags";

/** The file a DAG is defined in. */
export function fileOf(dag: DagRecord): string {
  return `${DAGS_FOLDER}/${dag.dag_id}.py`;
}

const TIMETABLES: Record<string, [string, string]> = {
  "@hourly": ["0 * * * *", "At 0 minutes past the hour"],
  "@daily": ["0 0 * * *", "At 00:00"],
  "@weekly": ["0 0 * * 0", "At 00:00, only on Sunday"],
};

/** A DAG's timetable summary and description, as Airflow's timetables write them. */
function timetableOf(dag: DagRecord): [string, string] {
  if (dag.timetable) return TIMETABLES[dag.timetable];
  if (dag.scheduleAssets.length > 0) return ["Asset", "Triggered by assets"];
  return ["None", "Never, external triggers only"];
}

/** `DAGResponse`. */
export function dagResponse(dag: DagRecord, store: Store): Record<string, unknown> {
  const [summary, description] = timetableOf(dag);
  const relative = fileOf(dag).slice(DAGS_FOLDER.length + 1);
  return {
    allowed_run_types: null,
    bundle_name: BUNDLE,
    bundle_version: null,
    dag_display_name: dag.dag_id,
    dag_id: dag.dag_id,
    description: dag.description,
    file_token: fileToken(dag),
    fileloc: fileOf(dag),
    has_import_errors: store.importErrors.some((error) => error.filename === relative),
    has_task_concurrency_limits: false,
    is_paused: dag.is_paused,
    is_stale: false,
    last_expired: null,
    last_parse_duration: 0.042,
    last_parsed_time: iso(dag.parsedAt),
    max_active_runs: 16,
    max_active_tasks: 16,
    max_consecutive_failed_dag_runs: 0,
    next_dagrun_data_interval_end: null,
    next_dagrun_data_interval_start: null,
    next_dagrun_logical_date: null,
    next_dagrun_run_after: null,
    owners: dag.owners,
    relative_fileloc: relative,
    tags: dag.tags.map((name) => ({ dag_display_name: dag.dag_id, dag_id: dag.dag_id, name })),
    timetable_description: description,
    timetable_partitioned: false,
    timetable_summary: summary,
  };
}

/** `DAGDetailsResponse`: a `DAGResponse` and the details. */
export function dagDetails(
  dag: DagRecord,
  store: Store,
  activeRuns: number,
  favorite: boolean,
): Record<string, unknown> {
  return {
    ...dagResponse(dag, store),
    active_runs_count: activeRuns,
    asset_expression: null,
    catchup: false,
    concurrency: 16,
    dag_run_timeout: null,
    default_args: { owner: dag.owners[0] ?? "airflow", retries: 0 },
    doc_md: null,
    end_date: null,
    is_favorite: favorite,
    is_paused_upon_creation: null,
    last_parsed: iso(dag.parsedAt),
    latest_dag_version: dagVersion(dag),
    owner_links: {},
    params: {},
    render_template_as_native_obj: false,
    start_date: iso(dag.createdAt),
    template_search_path: null,
    timezone: "UTC",
  };
}

function fileToken(dag: DagRecord): string {
  return base64url(fileOf(dag));
}

function timeDelta(ms: number): Record<string, unknown> {
  const total = Math.floor(ms / 1000);
  return {
    __type: "TimeDelta",
    days: Math.floor(total / 86400),
    microseconds: (ms % 1000) * 1000,
    seconds: total % 86400,
  };
}

/** `TaskResponse`. */
export function taskResponse(
  dag: DagRecord,
  task: PlannedTask,
  index: number,
): Record<string, unknown> {
  const next = dag.tasks[index + 1];
  return {
    class_ref: {
      class_name: "PythonOperator",
      module_path: "airflow.providers.standard.operators.python",
    },
    depends_on_past: false,
    doc_md: null,
    downstream_task_ids: next ? [next.task_id] : [],
    end_date: null,
    execution_timeout: null,
    extra_links: Object.keys(task.extraLinks),
    is_mapped: task.mapCount !== null,
    operator_name: "PythonOperator",
    owner: dag.owners[0] ?? "airflow",
    params: {},
    pool: task.pool,
    pool_slots: 1,
    priority_weight: dag.tasks.length - index,
    queue: "default",
    retries: task.retries,
    retry_delay: timeDelta(task.retryDelayMs),
    retry_exponential_backoff: 0,
    start_date: iso(dag.createdAt),
    task_display_name: task.task_id,
    task_id: task.task_id,
    template_fields: ["templates_dict", "op_args", "op_kwargs"],
    trigger_rule: "all_success",
    ui_color: "#ffefeb",
    ui_fgcolor: "#000",
    wait_for_downstream: false,
    weight_rule: "downstream",
  };
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
    ? run.answers.get(answerKey(task.position, attempt.try_number))
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
