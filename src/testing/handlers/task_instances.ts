/**
 * Handlers that read task instances and their tries, mapped ones (by map index) included.
 *
 * @module
 */
import {
  type Context,
  findTaskInstance,
  type Handler,
  type Handlers,
  listAnswer,
  param,
  selectRuns,
  sortRuns,
  taskInstancesOf,
} from "../context.ts";
import { fail, json } from "../http.ts";
import { type Item, itemFields, listItems } from "../query.ts";
import { pastTry, tiHistoryResponse, tiResponse } from "../serializers.ts";
import type { RunRecord } from "../store.ts";

const TI_ALIASES = { run_id: "dag_run_id", pool_name: "pool", queue_name: "queue" };

/** Task instances in the default order: DAG, run, task order, map index. */
export function tiItems(context: Context, runs: RunRecord[]): Item[] {
  const byDag = [...runs].sort((a, b) => a.dag_id.localeCompare(b.dag_id));
  return byDag.flatMap((run) => {
    const view = context.store.view(run, context.now);
    return view.tasks.map((task) => tiResponse(context.store, run, task));
  });
}

/** The tries of a task instance: its history, then the current try. */
const listTries: Handler = (context) => {
  const { run, task } = findTaskInstance(context);
  const history = task.started
    .filter((attempt) => attempt !== task.current || task.state === "up_for_retry")
    .map((attempt) => tiHistoryResponse(context.store, run, task, pastTry(attempt)));
  const current = task.state === "up_for_retry"
    ? []
    : [tiHistoryResponse(context.store, run, task)];
  const items = [...history, ...current];
  return json({ task_instances: items, total_entries: items.length });
};

/** One try of a task instance. */
const getTry: Handler = (context) => {
  const { run, task } = findTaskInstance(context);
  const tryNumber = context.params.task_try_number as number;
  const currentTry = task.current?.try_number ?? 0;
  if (tryNumber === currentTry && task.state !== "up_for_retry") {
    return json(tiHistoryResponse(context.store, run, task));
  }
  const attempt = task.started.find((candidate) =>
    candidate.try_number === tryNumber &&
    (candidate !== task.current || task.state === "up_for_retry")
  );
  if (!attempt) {
    fail(
      404,
      `The Task Instance with dag_id: \`${run.dag_id}\`, run_id: \`${run.run_id}\`, task_id: \`${task.task.task_id}\`, try_number: \`${tryNumber}\` and map_index: \`${task.mapIndex}\` was not found`,
    );
  }
  return json(tiHistoryResponse(context.store, run, task, pastTry(attempt)));
};

/** Task instance endpoints. */
export const taskInstanceHandlers: Handlers = {
  get_task_instances: (context) =>
    listAnswer(context, tiItems(context, selectRuns(context)), {
      aliases: TI_ALIASES,
      orderAliases: { run_id: "dag_run_id" },
      defaultOrder: [],
    }),
  get_task_instances_batch: (context) => {
    const body = context.body as Record<string, unknown>;
    const { page_limit, page_offset, dag_run_ids, order_by, ...filters } = body;
    const dagId = param(context, "dag_id");
    const runs = sortRuns(context.store.runs).filter((run) =>
      (dagId === "~" || run.dag_id === dagId) &&
      (!Array.isArray(dag_run_ids) || dag_run_ids.includes(run.run_id))
    );
    const page = listItems(tiItems(context, runs), {
      ...filters,
      limit: page_limit,
      offset: page_offset,
      order_by: order_by ?? undefined,
    }, {
      aliases: TI_ALIASES,
      orderAliases: { run_id: "dag_run_id" },
      sortable: itemFields(context.operation.response, "task_instances"),
      defaultOrder: [],
    }, { maximum: context.settings.maximumPageLimit, fallback: 100 });
    return json({ task_instances: page.items, total_entries: page.total });
  },
  get_task_instance: (context) => {
    const { run, tasks } = taskInstancesOf(context);
    const task = tasks.find((candidate) => candidate.mapIndex === -1);
    if (!task) {
      fail(
        404,
        tasks.length > 0
          ? "Task instance is mapped, add the map_index value to the URL"
          : `The Task Instance with dag_id: \`${run.dag_id}\`, run_id: \`${run.run_id}\` and task_id: \`${
            param(context, "task_id")
          }\` was not found`,
      );
    }
    return json(tiResponse(context.store, run, task));
  },
  get_mapped_task_instance: (context) => {
    const { run, tasks } = taskInstancesOf(context);
    const task = tasks.find((candidate) => candidate.mapIndex === context.params.map_index);
    if (!task) {
      fail(
        404,
        `The Mapped Task Instance with dag_id: \`${run.dag_id}\`, run_id: \`${run.run_id}\`, task_id: \`${
          param(context, "task_id")
        }\`, and map_index: \`${context.params.map_index}\` was not found`,
      );
    }
    return json(tiResponse(context.store, run, task));
  },
  get_mapped_task_instances: (context) => {
    const { run, tasks } = taskInstancesOf(context);
    const mapped = tasks.filter((task) => task.mapIndex >= 0);
    if (mapped.length === 0) {
      const taskId = param(context, "task_id");
      const known = context.store.dag(run.dag_id).tasks.find((task) => task.task_id === taskId);
      if (!known) fail(404, `Task id ${taskId} not found`);
      if (known.mapCount === null) fail(404, `Task id ${taskId} is not mapped`);
    }
    return listAnswer(context, mapped.map((task) => tiResponse(context.store, run, task)), {
      aliases: TI_ALIASES,
      orderAliases: { run_id: "dag_run_id" },
      defaultOrder: ["map_index"],
    });
  },
  get_task_instance_tries: listTries,
  get_mapped_task_instance_tries: listTries,
  get_task_instance_try_details: getTry,
  get_mapped_task_instance_try_details: getTry,
};
