/**
 * Airflow 2's answers (`/api/v1`) made from the fake's Airflow 3 ones: the same facts under
 * Airflow 2's names (`execution_date`, `external_trigger`, `schedule_interval`, ...), without
 * the fields Airflow 2 does not have, and errors as problem+json.
 *
 * @module
 */
import type { Item } from "../query.ts";

/** Picks `keys` of `item`, each `null` when absent. */
function pick(item: Item, keys: string[]): Item {
  return Object.fromEntries(keys.map((key) => [key, item[key] ?? null]));
}

const INTERVALS: Record<string, string> = {
  "0 * * * *": "@hourly",
  "0 0 * * *": "@daily",
  "0 0 * * 0": "@weekly",
};

/** `DAG`. */
export function dagV1(dag: Item): Item {
  const summary = String(dag.timetable_summary ?? "None");
  return {
    ...pick(dag, [
      "dag_display_name",
      "dag_id",
      "description",
      "file_token",
      "fileloc",
      "has_import_errors",
      "has_task_concurrency_limits",
      "is_paused",
      "last_expired",
      "last_parsed_time",
      "max_active_runs",
      "max_active_tasks",
      "max_consecutive_failed_dag_runs",
      "next_dagrun_data_interval_end",
      "next_dagrun_data_interval_start",
      "owners",
      "timetable_description",
    ]),
    default_view: "grid",
    is_active: true,
    is_subdag: false,
    last_pickled: null,
    next_dagrun: null,
    next_dagrun_create_after: null,
    pickle_id: null,
    root_dag_id: null,
    schedule_interval: INTERVALS[summary]
      ? { __type: "CronExpression", value: INTERVALS[summary] }
      : null,
    scheduler_lock: null,
    tags: (dag.tags as { name: string }[]).map((tag) => ({ name: tag.name })),
  };
}

/** `DAGRun`. */
export function runV1(run: Item): Item {
  return {
    ...pick(run, [
      "conf",
      "dag_id",
      "dag_run_id",
      "data_interval_end",
      "data_interval_start",
      "end_date",
      "last_scheduling_decision",
      "logical_date",
      "note",
      "run_type",
      "start_date",
      "state",
    ]),
    execution_date: run.logical_date ?? null,
    external_trigger: run.run_type === "manual",
  };
}

/** `TaskInstance`, for a current or an earlier try. */
export function tiV1(ti: Item): Item {
  return {
    ...pick(ti, [
      "dag_id",
      "dag_run_id",
      "duration",
      "end_date",
      "executor",
      "map_index",
      "max_tries",
      "note",
      "operator",
      "pid",
      "pool",
      "pool_slots",
      "priority_weight",
      "queue",
      "queued_when",
      "rendered_map_index",
      "start_date",
      "state",
      "task_display_name",
      "task_id",
      "try_number",
    ]),
    execution_date: ti.logical_date ?? "",
    executor_config: ti.executor_config ?? "{}",
    hostname: ti.hostname ?? "",
    rendered_fields: ti.rendered_fields ?? {},
    sla_miss: null,
    trigger: null,
    triggerer_job: null,
    unixname: ti.unixname ?? "airflow",
  };
}

/** `XComCollectionItem`, and `XCom` when it has a value. */
export function xcomV1(xcom: Item): Item {
  const entry: Item = {
    ...pick(xcom, ["dag_id", "key", "map_index", "task_id", "timestamp"]),
    execution_date: xcom.logical_date ?? "",
  };
  if ("value" in xcom) entry.value = xcom.value;
  return entry;
}

/** `Pool`. */
export function poolV1(pool: Item): Item {
  const { team_name: _, ...rest } = pool;
  return rest;
}

/** `Variable`, or its collection item without the value. */
export function variableV1(variable: Item, withValue = true): Item {
  const entry = pick(variable, ["description", "key"]);
  if (withValue) entry.value = variable.value;
  return entry;
}

/** `Connection` (Airflow 2 never sends a password back), or its collection item. */
export function connectionV1(connection: Item, withExtra = true): Item {
  const entry = pick(connection, [
    "conn_type",
    "connection_id",
    "description",
    "host",
    "login",
    "port",
    "schema",
  ]);
  if (withExtra) entry.extra = connection.extra ?? null;
  return entry;
}

const TITLES: Record<number, [string, string]> = {
  400: ["Bad Request", "BadRequest"],
  401: ["Unauthorized", "Unauthenticated"],
  403: ["Forbidden", "PermissionDenied"],
  404: ["Not Found", "NotFound"],
  405: ["Method Not Allowed", "MethodNotAllowed"],
  409: ["Conflict", "AlreadyExists"],
  500: ["Internal Server Error", "Unknown"],
  501: ["Not Implemented", "NotImplemented"],
};

/** Airflow 2's error answer: problem+json with the status's title and `detail`. */
export function problem(status: number, detail: unknown): Response {
  const [title, kind] = TITLES[status] ?? ["Error", "Unknown"];
  const text = typeof detail === "string" ? detail : JSON.stringify(detail);
  return new Response(
    JSON.stringify({
      detail: text,
      status,
      title,
      type:
        `https://airflow.apache.org/docs/apache-airflow/2.10.0/stable-rest-api-ref.html#section/Errors/${kind}`,
    }),
    { status, headers: { "content-type": "application/problem+json" } },
  );
}
