/**
 * The audit log: the entry Airflow's `action_logging` dependency writes for each call of the
 * operations it guards (before the call runs, so failed calls leave one too), and the
 * endpoints that read it.
 *
 * @module
 */
import { type Context, type Handlers, listAnswer } from "../context.ts";
import { fail, iso, isSensitiveKey, json, pythonJson } from "../http.ts";
import type { Item } from "../query.ts";
import type { EventLogRecord } from "../records.ts";

/**
 * The operations that leave an audit entry: the ones that change something, but dry runs and
 * reads that take a body, and the task instance batch read, which Airflow logs too.
 */
const LOGGED = new Set([
  "trigger_dag_run",
  "patch_dag_run",
  "delete_dag_run",
  "clear_dag_run",
  "patch_dag",
  "patch_dags",
  "delete_dag",
  "favorite_dag",
  "unfavorite_dag",
  "post_clear_task_instances",
  "patch_task_instance",
  "patch_task_instance_by_map_index",
  "delete_task_instance",
  "bulk_task_instances",
  "get_task_instances_batch",
  "update_hitl_detail",
  "post_pool",
  "patch_pool",
  "delete_pool",
  "bulk_pools",
  "post_variable",
  "patch_variable",
  "delete_variable",
  "bulk_variables",
  "post_connection",
  "patch_connection",
  "delete_connection",
  "bulk_connections",
  "create_default_connections",
  "create_xcom_entry",
  "update_xcom_entry",
  "delete_xcom_entry",
  "create_asset_event",
  "materialize_asset",
  "delete_asset_queued_events",
  "delete_dag_asset_queued_events",
  "delete_dag_asset_queued_event",
  "create_backfill",
  "pause_backfill",
  "unpause_backfill",
  "cancel_backfill",
  "reparse_dag_file",
]);
const DRY_RUN_EVENTS = new Set(["clear_dag_run", "post_clear_task_instances"]);
const NOT_IN_EXTRA = new Set(["dag_id", "task_id", "dag_run_id", "run_id", "logical_date"]);

/**
 * The masked value of a field, as Airflow's audit log keeps it: secrets by their names, every
 * variable's value, and the same in each entity of a bulk body.
 */
function masked(key: string, value: unknown, event: string): unknown {
  if (event.includes("variable") && (key === "value" || key === "val")) return "***";
  if (key === "actions" && Array.isArray(value)) {
    return value.map((action) =>
      action !== null && typeof action === "object" && Array.isArray(action.entities)
        ? {
          ...action,
          entities: action.entities.map((entity: unknown) =>
            entity !== null && typeof entity === "object"
              ? Object.fromEntries(
                Object.entries(entity).map(([name, item]) => [name, masked(name, item, event)]),
              )
              : entity
          ),
        }
        : action
    );
  }
  return isSensitiveKey(key) ? "***" : value;
}

/**
 * Records the audit entry of a call, if its operation leaves one: who, when, which DAG, run and
 * task, and the other parameters and body fields (secrets masked) with the method as `extra`.
 */
export function logAction(
  context: Pick<Context, "store" | "now" | "operation" | "request" | "params" | "user">,
  rawQuery: URLSearchParams,
  body: unknown,
): void {
  const event = context.operation.id;
  if (!LOGGED.has(event)) return;
  const record = body !== null && typeof body === "object" && !Array.isArray(body)
    ? body as Record<string, unknown>
    : {};
  if (DRY_RUN_EVENTS.has(event) && record.dry_run !== false) return;
  const params: Record<string, unknown> = {
    ...Object.fromEntries(rawQuery),
    ...context.params,
    ...record,
  };
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (!NOT_IN_EXTRA.has(key)) extra[key] = masked(key, value, event);
  }
  extra.method = context.request.method;
  const text = (key: string) => typeof params[key] === "string" ? params[key] as string : null;
  context.store.eventLogs.push({
    id: context.store.nextId(context.store.eventLogs),
    event,
    when: context.now,
    dag_id: text("dag_id"),
    task_id: text("task_id"),
    run_id: text("run_id") ?? text("dag_run_id"),
    map_index: null,
    try_number: null,
    owner: context.user?.username ?? "anonymous",
    extra: pythonJson(extra),
  });
}

function response(entry: EventLogRecord): Item {
  return {
    dag_display_name: entry.dag_id,
    dag_id: entry.dag_id,
    event: entry.event,
    event_log_id: entry.id,
    extra: entry.extra,
    logical_date: null,
    map_index: entry.map_index,
    owner: entry.owner,
    run_id: entry.run_id,
    task_display_name: entry.task_id,
    task_id: entry.task_id,
    try_number: entry.try_number,
    when: iso(entry.when),
  };
}

/** Event log endpoints. */
export const eventLogHandlers: Handlers = {
  get_event_logs: (context) =>
    listAnswer(context, context.store.eventLogs.map(response), {
      aliases: {
        included_events: (item, value) => (value as string[]).includes(String(item.event)),
        excluded_events: (item, value) => !(value as string[]).includes(String(item.event)),
        before: (item, value) => Date.parse(String(item.when)) < Date.parse(String(value)),
        after: (item, value) => Date.parse(String(item.when)) > Date.parse(String(value)),
      },
      orderAliases: { id: "event_log_id", dttm: "when" },
      defaultOrder: ["event_log_id"],
    }),
  get_event_log: (context) => {
    const id = context.params.event_log_id as number;
    const entry = context.store.eventLogs.find((candidate) => candidate.id === id);
    if (!entry) fail(404, `The Event Log with id: \`${id}\` not found`);
    return json(response(entry));
  },
};
