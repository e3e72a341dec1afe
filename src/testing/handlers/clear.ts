/**
 * Clearing task instances, as Airflow 3 does it: a dry run unless the body says
 * `dry_run: false` (`datamodels/task_instances.py`, `datamodels/dag_run.py`), answering with
 * the task instances that are (or would be) cleared. Cleared task instances run again, and so
 * do the tasks after them that had not begun, since the fake's tasks run one after the other.
 *
 * @module
 */
import { type Context, type Handlers, param } from "../context.ts";
import { json, unprocessable } from "../http.ts";
import { runResponse, tiResponse } from "../serializers.ts";
import type { RunRecord, TaskView } from "../store.ts";

const FAILED = new Set(["failed", "upstream_failed"]);

/** What a clear selects within each run. */
interface Selection {
  /** Task ids, or `[task_id, map_index]` pairs for one mapped instance. */
  taskIds?: (string | [string, number])[];
  upstream: boolean;
  downstream: boolean;
  onlyFailed: boolean;
  onlyRunning: boolean;
}

function named(task: TaskView, ids: (string | [string, number])[]): boolean {
  return ids.some((id) =>
    typeof id === "string"
      ? id === task.task.task_id
      : id[0] === task.task.task_id && id[1] === task.mapIndex
  );
}

/** The task instances of a run that a clear selects. */
function select(tasks: TaskView[], selection: Selection): TaskView[] {
  const ids = selection.taskIds;
  const chosen = ids ? tasks.filter((task) => named(task, ids)) : tasks;
  const indexes = chosen.map((task) => task.index);
  const first = Math.min(...indexes);
  const last = Math.max(...indexes);
  return tasks.filter((task) =>
    (chosen.includes(task) ||
      (selection.upstream && task.index < last) ||
      (selection.downstream && task.index > first)) &&
    (!selection.onlyFailed || FAILED.has(task.state ?? "")) &&
    (!selection.onlyRunning || task.state === "running")
  );
}

/**
 * Clears (or, in a dry run, only finds) the selected task instances of each run, and answers
 * with them as they are afterwards.
 */
function clearRuns(
  context: Context,
  runs: RunRecord[],
  selection: Selection,
  dryRun: boolean,
): Record<string, unknown>[] {
  const chosen = runs.map((run) => {
    const tasks = select(context.store.view(run, context.now).tasks, selection);
    return { run, positions: new Set(tasks.map((task) => task.position)) };
  });
  if (!dryRun) {
    for (const { run, positions } of chosen) context.store.clear(run, positions, context.now);
  }
  return chosen.flatMap(({ run, positions }) =>
    context.store.view(run, context.now).tasks
      .filter((task) => positions.has(task.position))
      .map((task) => tiResponse(context.store, run, task))
  );
}

function taskIdsOf(value: unknown): (string | [string, number])[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((item) =>
    Array.isArray(item) ? [String(item[0]), Number(item[1])] as [string, number] : String(item)
  );
}

function time(value: unknown): number | undefined {
  return typeof value === "string" ? Date.parse(value) : undefined;
}

/** `post_clear_task_instances` and `clear_dag_run`. */
export const clearHandlers: Handlers = {
  post_clear_task_instances: (context) => {
    const dag = context.store.dag(param(context, "dag_id"));
    const body = context.body as Record<string, unknown>;
    if (body.only_failed === true && body.only_running === true) {
      unprocessable([{
        type: "value_error",
        loc: ["body"],
        msg: "Value error, only_failed and only_running both are set to True",
        input: body,
      }]);
    }
    const from = time(body.start_date);
    const to = time(body.end_date);
    const runs = typeof body.dag_run_id === "string"
      ? [context.store.run(dag.dag_id, body.dag_run_id)]
      : context.store.runs.filter((run) => {
        const when = run.logical_date ?? run.run_after;
        return run.dag_id === dag.dag_id && (from === undefined || when >= from) &&
          (to === undefined || when <= to);
      });
    const items = clearRuns(context, runs, {
      taskIds: taskIdsOf(body.task_ids),
      upstream: body.include_upstream === true,
      downstream: body.include_downstream === true,
      onlyFailed: body.only_failed !== false,
      onlyRunning: body.only_running === true,
    }, body.dry_run !== false);
    return json({ task_instances: items, total_entries: items.length });
  },
  clear_dag_run: (context) => {
    const run = context.store.run(param(context, "dag_id"), param(context, "dag_run_id"));
    const body = context.body as Record<string, unknown>;
    const dryRun = body.dry_run !== false;
    const items = clearRuns(context, [run], {
      upstream: false,
      downstream: false,
      onlyFailed: body.only_failed === true,
      onlyRunning: false,
    }, dryRun);
    if (dryRun) return json({ task_instances: items, total_entries: items.length });
    return json(runResponse(context.store, run, context.store.view(run, context.now)));
  },
};
