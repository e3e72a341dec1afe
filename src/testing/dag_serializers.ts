/**
 * The fake's DAGs, their versions and their tasks as Airflow's response objects: every property
 * any version has, in a fixed order.
 *
 * @module
 */
import { base64url } from "../core/base64url.ts";
import { iso } from "./http.ts";
import type { DagRecord, Store } from "./store.ts";
import type { PlannedTask } from "./timeline.ts";

const BUNDLE = "dags-folder";

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
