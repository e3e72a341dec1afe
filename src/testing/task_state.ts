/**
 * Setting a task instance's state, as Airflow's `set_task_instance_state` does: the instances
 * named (a task's map indexes, with its upstream or downstream tasks and the same task in
 * earlier or later runs, as asked) that are not in that state already take it; then the failed
 * and `upstream_failed` instances downstream of the task in the same run are cleared, so that
 * they run again. A dry run only finds the instances.
 *
 * @module
 */
import { fail } from "./http.ts";
import type { RunRecord, Store, TaskView } from "./store.ts";
import type { MarkState } from "./timeline.ts";

/** What to set, and on which task instances. */
export interface StateChange {
  run: RunRecord;
  taskId: string;
  /** One map index, or every instance of the task when absent. */
  mapIndex?: number;
  state: MarkState;
  upstream?: boolean;
  downstream?: boolean;
  past?: boolean;
  future?: boolean;
}

/** A task instance of a run. */
export interface RunTask {
  run: RunRecord;
  task: TaskView;
}

const REDO = new Set(["failed", "upstream_failed"]);

/** The runs a change reaches: the run, and those before or after it by logical date. */
function runsOf(store: Store, change: StateChange): RunRecord[] {
  const { run } = change;
  if (!change.past && !change.future) return [run];
  const date = run.logical_date;
  return store.runs.filter((other) =>
    other === run ||
    (other.dag_id === run.dag_id && date !== null && other.logical_date !== null &&
      ((change.past && other.logical_date <= date) ||
        (change.future && other.logical_date >= date)))
  );
}

/** The task instances a change reaches that are not in its state yet. */
function reached(store: Store, change: StateChange, now: number): RunTask[] {
  const dag = store.dag(change.run.dag_id);
  const index = dag.tasks.findIndex((task) => task.task_id === change.taskId);
  return runsOf(store, change).flatMap((run) =>
    store.view(run, now).tasks.filter((task) =>
      ((task.index === index &&
        (change.mapIndex === undefined || task.mapIndex === change.mapIndex)) ||
        (change.upstream && task.index < index) ||
        (change.downstream && task.index > index)) &&
      task.state !== change.state
    ).map((task) => ({ run, task }))
  );
}

/**
 * Applies a change at `now` (or, with `dryRun`, only finds what it would change) and returns
 * the task instances it changes. Nothing to change is a 409 unless it is a dry run.
 */
export function setTaskState(
  store: Store,
  change: StateChange,
  now: number,
  dryRun = false,
): RunTask[] {
  const altered = reached(store, change, now);
  if (dryRun) return altered;
  if (altered.length === 0) {
    fail(409, `Task id ${change.taskId} is already in ${change.state} state`);
  }
  for (const run of new Set(altered.map((item) => item.run))) {
    const positions = altered.filter((item) => item.run === run).map((item) => item.task.position);
    store.mark(run, new Set(positions), change.state, now);
  }
  const index = store.dag(change.run.dag_id).tasks.findIndex((task) =>
    task.task_id === change.taskId
  );
  const redo = store.view(change.run, now).tasks.filter((task) =>
    task.index > index && REDO.has(task.state ?? "")
  );
  store.clear(change.run, new Set(redo.map((task) => task.position)), now);
  return altered;
}
