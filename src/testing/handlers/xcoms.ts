/**
 * Handlers of XCom entries: a task's `return_value` once it has succeeded, and entries pushed
 * through the API. Values are kept as the JSON text Airflow stores, and answered as that text
 * unless `deserialize=true` asks for the value.
 *
 * @module
 */
import {
  type Context,
  findTaskInstance,
  type Handlers,
  listAnswer,
  param,
  selectRuns,
} from "../context.ts";
import { fail, json, noContent, pythonJson } from "../http.ts";
import type { Item } from "../query.ts";
import { xcomResponse, xcomsOf } from "../serializers.ts";
import type { XComRecord } from "../store.ts";

function entryItems(context: Context): Item[] {
  const taskId = param(context, "task_id");
  return selectRuns(context).flatMap((run) => {
    const view = context.store.view(run, context.now);
    return view.tasks
      .filter((task) => taskId === "~" || task.task.task_id === taskId)
      .flatMap((task) => xcomsOf(run, task).map((xcom) => xcomResponse(run, xcom, false)));
  });
}

function notFound(key: string): never {
  fail(404, `XCom entry with key: \`${key}\` not found`);
}

function findEntry(context: Context): { record?: XComRecord; value?: XComRecord } {
  const { run, task } = findTaskInstance(context);
  const key = param(context, "xcom_key");
  return {
    record: run.pushed.find((xcom) => xcom.task_id === task.task.task_id && xcom.key === key),
    value: xcomsOf(run, task).find((xcom) => xcom.key === key),
  };
}

/** The value stored as JSON text, as `deserialize=true` returns it; other text as it is. */
function deserialize(stored: unknown): unknown {
  if (typeof stored !== "string") return stored;
  try {
    return JSON.parse(stored);
  } catch {
    return stored;
  }
}

/** XCom endpoints. */
export const xcomHandlers: Handlers = {
  get_xcom_entries: (context) =>
    listAnswer(context, entryItems(context), {
      aliases: { xcom_key: "key", run_id: "run_id", map_index_filter: "map_index" },
      defaultOrder: ["dag_id", "run_id", "task_id", "key"],
    }),
  get_xcom_entry: (context) => {
    const { run } = findTaskInstance(context);
    const { value } = findEntry(context);
    if (!value) notFound(param(context, "xcom_key"));
    const answer = xcomResponse(run, value, true);
    if (context.query.deserialize === true) {
      if (context.settings.version === "3.0.2") {
        fail(400, "XCom deserialization is disabled in configuration.");
      }
      answer.value = deserialize(value.value);
    } else if (context.query.stringify === true) {
      answer.value = typeof value.value === "string" ? value.value : pythonJson(value.value);
    }
    return json(answer);
  },
  create_xcom_entry: (context) => {
    const { run, task } = findTaskInstance(context);
    const body = context.body as { key: string; value: unknown; map_index?: number };
    if (xcomsOf(run, task).some((xcom) => xcom.key === body.key)) {
      fail(409, `The XCom with key: \`${body.key}\` with mentioned task instance already exists.`);
    }
    const record: XComRecord = {
      task_id: task.task.task_id,
      key: body.key,
      map_index: body.map_index ?? -1,
      value: pythonJson(body.value),
      timestamp: context.now,
    };
    run.pushed.push(record);
    return json(xcomResponse(run, record, true), 201);
  },
  update_xcom_entry: (context) => {
    const { run } = findTaskInstance(context);
    const { record, value } = findEntry(context);
    if (!value) notFound(param(context, "xcom_key"));
    // Airflow 3.0 serializes an updated value twice; later versions once.
    const once = pythonJson(context.body.value);
    const stored = context.settings.version === "3.0.2" ? pythonJson(once) : once;
    const updated: XComRecord = { ...value, value: stored, timestamp: context.now };
    run.pushed = [...run.pushed.filter((xcom) => xcom !== record), updated];
    return json(xcomResponse(run, updated, true));
  },
  delete_xcom_entry: (context) => {
    const { run } = findTaskInstance(context);
    const { record, value } = findEntry(context);
    if (!value) notFound(param(context, "xcom_key"));
    if (record) run.pushed = run.pushed.filter((xcom) => xcom !== record);
    return noContent();
  },
};
