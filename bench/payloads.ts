/**
 * The answers the benchmark server gives: a DAG and pages of task instances shaped like an
 * Airflow 3.2 API server's, with every field Airflow fills in filled in, so parsing and
 * validation cost what they cost against a real deployment. Deterministic: the same index always
 * gives the same task instance.
 *
 * @module
 */

/** The DAG the benchmark asks for. */
export const DAG_ID = "etl_warehouse_daily";
/** The run whose task instances are paged. */
export const DAG_RUN_ID = "scheduled__2026-11-20T02:00:00+00:00";

const STATES = ["success", "success", "success", "failed", "up_for_retry", "skipped", "running"];
const OPERATORS = ["PythonOperator", "BashOperator", "SQLExecuteQueryOperator", "S3ToRedshift"];

/** `GET /api/v2/dags/{dag_id}` for {@link DAG_ID}. */
export function dagResponse(): Record<string, unknown> {
  return {
    dag_id: DAG_ID,
    dag_display_name: "ETL: warehouse (daily)",
    is_paused: false,
    is_stale: false,
    last_parsed_time: "2026-11-20T23:59:41.118274Z",
    last_parse_duration: 0.482113,
    last_expired: null,
    bundle_name: "dags-folder",
    bundle_version: null,
    relative_fileloc: "warehouse/etl_warehouse_daily.py",
    fileloc: "/opt/airflow/dags/warehouse/etl_warehouse_daily.py",
    description: "Loads the day's orders, payments and refunds into the warehouse.",
    timetable_summary: "0 2 * * *",
    timetable_description: "At 02:00",
    timetable_partitioned: false,
    tags: ["warehouse", "daily", "finance"].map((name) => ({
      name,
      dag_id: DAG_ID,
      dag_display_name: "ETL: warehouse (daily)",
    })),
    max_active_tasks: 16,
    max_active_runs: 1,
    max_consecutive_failed_dag_runs: 0,
    has_task_concurrency_limits: false,
    has_import_errors: false,
    next_dagrun_logical_date: "2026-11-21T02:00:00Z",
    next_dagrun_data_interval_start: "2026-11-21T02:00:00Z",
    next_dagrun_data_interval_end: "2026-11-22T02:00:00Z",
    next_dagrun_run_after: "2026-11-22T02:00:00Z",
    allowed_run_types: null,
    owners: ["data-platform"],
    file_token: ".eJw9ykEKgCAQBdC7_LVLadOi2oTo0F2D2gWJMoxY_HD_p_dWw_ySxvXohBkTcaZsq6lfoxLzmMJ",
  };
}

/** The task instance at `index` in the benchmark run. */
export function taskInstance(index: number): Record<string, unknown> {
  const task = `transform_partition_${Math.floor(index / 50)}`;
  const mapIndex = index % 50;
  const state = STATES[index % STATES.length];
  const second = String(index % 60).padStart(2, "0");
  const started = `2026-11-20T02:${String(index % 60).padStart(2, "0")}:${second}.${
    String(100000 + index % 900000).slice(0, 6)
  }Z`;
  return {
    id: uuid(index),
    task_id: task,
    dag_id: DAG_ID,
    dag_run_id: DAG_RUN_ID,
    map_index: mapIndex,
    logical_date: "2026-11-20T02:00:00Z",
    run_after: "2026-11-21T02:00:00Z",
    start_date: started,
    end_date: state === "running" ? null : started.replace("T02:", "T03:"),
    duration: state === "running" ? null : 3600.25 + (index % 97),
    state,
    try_number: 1 + (index % 3),
    max_tries: 3,
    task_display_name: task,
    dag_display_name: "ETL: warehouse (daily)",
    hostname: `airflow-worker-${index % 8}.airflow-worker.airflow.svc.cluster.local`,
    unixname: "airflow",
    pool: "default_pool",
    pool_slots: 1,
    queue: "default",
    priority_weight: 1 + (index % 10),
    operator: OPERATORS[index % OPERATORS.length],
    operator_name: OPERATORS[index % OPERATORS.length],
    queued_when: started,
    scheduled_when: started,
    pid: 4000 + (index % 30000),
    executor: "CeleryExecutor",
    executor_config: "{}",
    note: index % 25 === 0 ? "re-run after the upstream backfill" : null,
    rendered_map_index: `partition=${mapIndex}`,
    rendered_fields: {
      op_kwargs: { partition: mapIndex, table: "orders", ds: "2026-11-20" },
      templates_dict: null,
    },
    trigger: null,
    triggerer_job: null,
    dag_version: {
      id: "0193a1f2-7c3e-7d41-9a6b-2f6d1c8e4b10",
      version_number: 14,
      dag_id: DAG_ID,
      bundle_name: "dags-folder",
      bundle_version: null,
      created_at: "2026-11-18T09:12:44.501233Z",
      dag_display_name: "ETL: warehouse (daily)",
      bundle_url: null,
    },
  };
}

/** One `GET .../taskInstances` page of a run with `total` task instances. */
export function taskInstancePage(
  offset: number,
  limit: number,
  total: number,
): Record<string, unknown> {
  const items = [];
  for (let index = offset; index < Math.min(offset + limit, total); index++) {
    items.push(taskInstance(index));
  }
  return { task_instances: items, total_entries: total };
}

function uuid(index: number): string {
  const hex = (index * 2654435761 >>> 0).toString(16).padStart(8, "0");
  return `0193a1f3-${hex.slice(0, 4)}-7${hex.slice(4, 7)}-8${
    String(index % 1000).padStart(3, "0")
  }-${String(index).padStart(12, "0")}`;
}
