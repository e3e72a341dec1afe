/**
 * What Airflow tells about a task instance besides its state: why the scheduler does not queue
 * it (the dependencies `SCHEDULER_QUEUED_DEPS` finds unmet), its operator's extra links, and
 * where its log lives outside Airflow (3.1+; only with a log handler that has an external view).
 *
 * @module
 */
import { type Context, type Handler, type Handlers, param, taskInstancesOf } from "../context.ts";
import { fail, json } from "../http.ts";
import type { RunView, TaskView } from "../store.ts";

function mapIndexOf(context: Context): number {
  return Number(context.params.map_index ?? context.query.map_index ?? -1);
}

/** The unmet dependencies of a task instance that has no state yet, sorted by name. */
function unmetDependencies(
  context: Context,
  view: RunView,
  task: TaskView,
): { name: string; reason: string }[] {
  if (task.state !== null) return [];
  const dag = context.store.dag(param(context, "dag_id"));
  const deps = [{ name: "Task Instance State", reason: "Task is in the 'None' state." }];
  if (view.state !== "running") {
    deps.push({
      name: "Dagrun Running",
      reason:
        `Task instance's dagrun was not in the 'running' state but in the state '${view.state}'.`,
    });
  }
  if (dag.is_paused) {
    deps.push({ name: "Dag Not Paused", reason: `Task's DAG '${dag.dag_id}' is paused.` });
  }
  if (!context.store.pools.has(task.task.pool)) {
    deps.push({
      name: "Pool Slots Available",
      reason: `Tasks using non-existent pool '${task.task.pool}' will not be scheduled`,
    });
  }
  return deps.sort((a, b) => a.name.localeCompare(b.name));
}

const dependencies: Handler = (context) => {
  const mapIndex = mapIndexOf(context);
  const run = context.store.runs.find((candidate) =>
    candidate.dag_id === param(context, "dag_id") &&
    candidate.run_id === param(context, "dag_run_id")
  );
  const view = run && context.store.view(run, context.now);
  const task = view?.tasks.find((candidate) =>
    candidate.task.task_id === param(context, "task_id") && candidate.mapIndex === mapIndex
  );
  if (!view || !task) {
    // Airflow builds this message as a one-element tuple, so `detail` is a list.
    fail(404, [
      `The Task Instance with dag_id: \`${param(context, "dag_id")}\`, run_id: \`${
        param(context, "dag_run_id")
      }\`, task_id: \`${param(context, "task_id")}\` and map_index: \`${mapIndex}\` was not found`,
    ]);
  }
  return json({ dependencies: unmetDependencies(context, view, task) });
};

/** `TaskInstance not found` unless the task instance exists. */
function taskInstanceOr404(context: Context): TaskView {
  const { tasks } = taskInstancesOf(context);
  const task = tasks.find((candidate) => candidate.mapIndex === mapIndexOf(context));
  if (!task) fail(404, "TaskInstance not found");
  return task;
}

/** Task instance details. */
export const taskInstanceDetailHandlers: Handlers = {
  get_task_instance_dependencies: dependencies,
  get_task_instance_dependencies_by_map_index: dependencies,
  get_extra_links: (context) => {
    const dagId = param(context, "dag_id");
    const run = context.store.runs.find((candidate) =>
      candidate.dag_id === dagId && candidate.run_id === param(context, "dag_run_id")
    );
    const dag = run && context.store.dags.get(dagId);
    if (!dag) fail(404, `DAG with ID = ${dagId} not found`);
    const taskId = param(context, "task_id");
    const seed = dag.tasks.find((task) => task.task_id === taskId);
    if (!seed) fail(404, `Task with ID = ${taskId} not found`);
    taskInstanceOr404(context);
    const links = Object.fromEntries(
      Object.entries(seed.extraLinks).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
        .map(([name, url]) => [name, url || null]),
    );
    return json({ extra_links: links, total_entries: Object.keys(links).length });
  },
  get_external_log_url: (context) => {
    const template = context.settings.externalLogUrl;
    if (!template) fail(400, "Task log handler does not support external logs.");
    const task = taskInstanceOr404(context);
    const logId = [
      param(context, "dag_id"),
      task.task.task_id,
      param(context, "dag_run_id"),
      task.mapIndex,
      context.params.try_number,
    ].join("-");
    const url = template.replaceAll("{log_id}", encodeURIComponent(logId));
    return json({ url: url.includes("://") ? url : `https://${url}` });
  },
};
