/**
 * Handlers that change task instances: `PATCH` of a state or a note (one map index, or every
 * instance of the task), its dry run, `DELETE` (3.1+) and the bulk endpoint (3.1+), as
 * Airflow's `routes/public/task_instances.py` and `services/public/task_instances.py` do.
 *
 * @module
 */
import { type Context, type Handler, type Handlers, param, taskInstancesOf } from "../context.ts";
import { fail, HttpError, json, pythonRepr, unprocessable } from "../http.ts";
import { tiResponse } from "../serializers.ts";
import type { RunRecord, TaskView } from "../store.ts";
import { setTaskState, type StateChange } from "../task_state.ts";
import type { MarkState } from "../timeline.ts";
import { bulkAnswer, type BulkResults } from "./bulk.ts";

const SETTABLE = ["success", "failed", "skipped"];

/** The fields of a patch body, those outside `update_mask` left out. */
interface PatchFields {
  new_state?: MarkState;
  note?: string | null;
  include_upstream?: boolean;
  include_downstream?: boolean;
  include_past?: boolean;
  include_future?: boolean;
}

/** The body's fields that a patch applies, with `new_state` checked as Airflow's model does. */
function patchFields(body: Record<string, unknown>, mask: string[] | undefined): PatchFields {
  if ("new_state" in body && (!mask || mask.includes("new_state"))) {
    const state = body.new_state;
    const message = state === null || state === undefined
      ? "'new_state' should not be empty"
      : !SETTABLE.includes(String(state).toLowerCase())
      ? `'${String(state).toLowerCase()}' is not one of ${pythonRepr(SETTABLE)}`
      : undefined;
    if (message) {
      unprocessable([{
        type: "value_error",
        loc: ["body", "new_state"],
        msg: `Value error, ${message}`,
        input: state,
      }]);
    }
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const masked = key === "new_state" || key === "note";
    if (!masked || !mask || mask.includes(key)) fields[key] = value;
  }
  if (typeof fields.new_state === "string") fields.new_state = fields.new_state.toLowerCase();
  return fields as PatchFields;
}

/** The instances a patch names; a 404 as Airflow words it (a one-element list) when none. */
function patchTargets(
  context: Context,
  taskId: string,
  mapIndex: number | undefined,
): { run: RunRecord; tasks: TaskView[] } {
  const dagId = param(context, "dag_id");
  const dag = context.store.dag(dagId);
  if (!dag.tasks.some((task) => task.task_id === taskId)) {
    fail(404, `Task '${taskId}' not found in DAG '${dagId}'`);
  }
  const runId = param(context, "dag_run_id");
  const run = context.store.runs.find((candidate) =>
    candidate.dag_id === dagId && candidate.run_id === runId
  );
  const tasks = run
    ? context.store.view(run, context.now).tasks.filter((task) =>
      task.task.task_id === taskId && (mapIndex === undefined || task.mapIndex === mapIndex)
    )
    : [];
  if (!run || tasks.length === 0) {
    fail(404, [
      `The Task Instance with dag_id: \`${dagId}\`, run_id: \`${runId}\`, task_id: \`${taskId}\` and map_index: \`${
        mapIndex ?? "None"
      }\` was not found`,
    ]);
  }
  return { run, tasks };
}

/** The state change a patch asks for. */
function stateChange(
  run: RunRecord,
  taskId: string,
  mapIndex: number | undefined,
  state: MarkState,
  fields: PatchFields,
): StateChange {
  return {
    run,
    taskId,
    mapIndex,
    state,
    upstream: fields.include_upstream,
    downstream: fields.include_downstream,
    past: fields.include_past,
    future: fields.include_future,
  };
}

/** Applies a patch to one task's instances and returns them as they are afterwards. */
function applyPatch(
  context: Context,
  run: RunRecord,
  taskId: string,
  mapIndex: number | undefined,
  fields: PatchFields,
  mask: string[] | undefined,
): TaskView[] {
  const positions = context.store.view(run, context.now).tasks
    .filter((task) =>
      task.task.task_id === taskId && (mapIndex === undefined || task.mapIndex === mapIndex)
    )
    .map((task) => task.position);
  if (fields.new_state) {
    setTaskState(
      context.store,
      stateChange(run, taskId, mapIndex, fields.new_state, fields),
      context.now,
    );
  }
  if ("note" in fields && (mask || fields.note !== null)) {
    for (const position of positions) run.notes.set(position, fields.note ?? null);
  }
  return context.store.view(run, context.now).tasks.filter((task) =>
    positions.includes(task.position)
  );
}

function mapIndexOf(context: Context): number | undefined {
  const value = context.params.map_index ?? context.query.map_index;
  return value === undefined || value === null ? undefined : Number(value);
}

const patch: Handler = (context) => {
  const taskId = param(context, "task_id");
  const mapIndex = mapIndexOf(context);
  const { run } = patchTargets(context, taskId, mapIndex);
  const mask = context.query.update_mask as string[] | undefined;
  const fields = patchFields(context.body as Record<string, unknown>, mask);
  const tasks = applyPatch(context, run, taskId, mapIndex, fields, mask);
  const items = tasks.map((task) => tiResponse(context.store, run, task));
  return json({ task_instances: items, total_entries: items.length });
};

const dryRun: Handler = (context) => {
  const taskId = param(context, "task_id");
  const mapIndex = mapIndexOf(context);
  const { run, tasks } = patchTargets(context, taskId, mapIndex);
  const mask = context.query.update_mask as string[] | undefined;
  const fields = patchFields(context.body as Record<string, unknown>, mask);
  const items = fields.new_state
    ? setTaskState(
      context.store,
      stateChange(run, taskId, mapIndex, fields.new_state, fields),
      context.now,
      true,
    ).map((item) => tiResponse(context.store, item.run, item.task))
    : tasks.map((task) => tiResponse(context.store, run, task));
  return json({ task_instances: items, total_entries: items.length });
};

/** One entity of a bulk task instance action: a task id, or a body naming one. */
interface BulkEntity {
  task_id: string;
  map_index?: number | null;
  dag_id?: string | null;
  dag_run_id?: string | null;
}

function entityOf(context: Context, entity: string | BulkEntity): Required<BulkEntity> {
  const base = typeof entity === "string" ? { task_id: entity } : entity;
  return {
    task_id: base.task_id,
    map_index: base.map_index ?? null,
    dag_id: base.dag_id || param(context, "dag_id"),
    dag_run_id: base.dag_run_id || param(context, "dag_run_id"),
  };
}

/** `bulk_task_instances`: update and delete task instances, each item reported. */
const bulk: Handler = (context) =>
  bulkAnswer(context, {
    create: (_action, results) => {
      results.errors.push({
        error: "Task instances bulk create is not supported",
        status_code: 405,
      });
    },
    update: (action, results) =>
      eachEntity(context, action, results, (target, run, entity) => {
        const body = typeof entity === "string" ? {} : { ...entity };
        const fields = patchFields(body, action.update_mask);
        const mapIndex = target.map_index ?? undefined;
        applyPatch(context, run, target.task_id, mapIndex, fields, action.update_mask);
      }),
    delete: (action, results) =>
      eachEntity(context, action, results, (target, run) => {
        for (const task of context.store.view(run, context.now).tasks) {
          if (
            task.task.task_id === target.task_id &&
            (target.map_index === null || task.mapIndex === target.map_index)
          ) run.deleted.add(task.position);
        }
      }),
  });

/**
 * Runs `apply` on each entity of a bulk action whose task instances exist, recording
 * `dag.run.task[map_index]` for each; missing ones fail the action or are skipped, as
 * `action_on_non_existence` says.
 */
function eachEntity(
  context: Context,
  action: { entities: (string | BulkEntity)[]; action_on_non_existence?: string },
  results: BulkResults,
  apply: (target: Required<BulkEntity>, run: RunRecord, entity: string | BulkEntity) => void,
): void {
  const targets = action.entities.map((entity) => ({ entity, target: entityOf(context, entity) }));
  const found = targets.map(({ entity, target }) => {
    const run = context.store.runs.find((candidate) =>
      candidate.dag_id === target.dag_id && candidate.run_id === target.dag_run_id
    );
    const tasks = run
      ? context.store.view(run, context.now).tasks.filter((task) =>
        task.task.task_id === target.task_id &&
        (target.map_index === null || task.mapIndex === target.map_index)
      )
      : [];
    return { entity, target, run, tasks };
  });
  try {
    const missing = found.filter((item) => item.tasks.length === 0);
    if (missing.length > 0 && action.action_on_non_existence !== "skip") {
      const { target } = missing[0];
      fail(
        404,
        target.map_index === null
          ? `No task instances found for dag_id: ${target.dag_id}, run_id: ${target.dag_run_id}, task_id: ${target.task_id}`
          : `The task instances with these identifiers: ${
            pythonRepr(missing.map((item) => ({
              dag_id: item.target.dag_id,
              dag_run_id: item.target.dag_run_id,
              task_id: item.target.task_id,
              map_index: item.target.map_index,
            })))
          } were not found`,
      );
    }
    for (const { entity, target, run, tasks } of found) {
      if (!run || tasks.length === 0) continue;
      apply(target, run, entity);
      for (const task of tasks) {
        results.success.push(
          `${target.dag_id}.${target.dag_run_id}.${target.task_id}[${task.mapIndex}]`,
        );
      }
    }
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    results.errors.push({
      error: typeof error.detail === "string" ? error.detail : pythonRepr(error.detail),
      status_code: error.status,
    });
  }
}

/** `delete_task_instance` (3.1+): the instance is gone from every read; the answer is `null`. */
const remove: Handler = (context) => {
  const { run, tasks } = taskInstancesOf(context);
  const mapIndex = Number(context.query.map_index ?? -1);
  const task = tasks.find((candidate) => candidate.mapIndex === mapIndex);
  if (!task) {
    fail(
      404,
      `The Task Instance with dag_id: \`${run.dag_id}\`, run_id: \`${run.run_id}\`, task_id: \`${
        param(context, "task_id")
      }\` and map_index: \`${mapIndex}\` was not found`,
    );
  }
  run.deleted.add(task.position);
  return json(null);
};

/** Task instance changes. */
export const taskInstanceChangeHandlers: Handlers = {
  patch_task_instance: patch,
  patch_task_instance_by_map_index: patch,
  patch_task_instance_dry_run: dryRun,
  patch_task_instance_dry_run_by_map_index: dryRun,
  delete_task_instance: remove,
  bulk_task_instances: bulk,
};
