/**
 * How what users do to a run changes its plan from the moment they do it: clearing task
 * instances (they run again, as new tries), setting a task instance's state, and answering a
 * human-in-the-loop task. Each returns a new plan; the instances that have not begun by then
 * are planned again after the task before them, which is how a chain of tasks goes on.
 *
 * @module
 */
import {
  type Block,
  type MarkState,
  planFrom,
  type PlanInput,
  type RunPlan,
  taskAt,
  type TaskPlan,
  type TryPlan,
} from "./timeline.ts";

/** Whether a task instance has neither begun nor been given a state by `at`. */
function isPending(plan: TaskPlan, at: number): boolean {
  return !plan.tries.some((attempt) => attempt.start <= at) && taskAt(plan, at).state === null;
}

/** The tries that had begun by `at`, one still running cut short there as killed. */
function triesUntil(tries: TryPlan[], at: number): TryPlan[] {
  return tries.filter((attempt) => attempt.start <= at).map((attempt) =>
    attempt.end > at ? { ...attempt, end: at, failed: true, killed: true } : attempt
  );
}

function inputOf(plan: TaskPlan, at: number, reset: boolean): PlanInput {
  return {
    task: plan.task,
    taskIndex: plan.taskIndex,
    mapIndex: plan.mapIndex,
    earlier: triesUntil(plan.tries, at),
    ...(reset ? { resetAt: at } : plan.resetAt === undefined ? {} : { resetAt: plan.resetAt }),
  };
}

/**
 * Plans the instances at `positions` again from `restart`, after the task before the first of
 * them has ended: a failure there makes them `upstream_failed`, a skip `skipped`. The other
 * instances keep their plans; the run's end and outcome are computed anew.
 */
function replan(
  plan: RunPlan,
  positions: ReadonlySet<number>,
  input: (task: TaskPlan) => PlanInput,
  restart: number,
): RunPlan {
  const chosen = plan.tasks.filter((_, position) => positions.has(position));
  let tasks = plan.tasks;
  if (chosen.length > 0) {
    const first = Math.min(...chosen.map((task) => task.taskIndex));
    const before = plan.tasks.filter((task, position) =>
      task.taskIndex === first - 1 && !positions.has(position)
    );
    const cursor = Math.max(restart, ...before.map((task) => task.end));
    const failed = before.find((task) =>
      task.outcome === "failed" || task.outcome === "upstream_failed"
    );
    const block: Block | undefined = failed
      ? { outcome: "upstream_failed", at: failed.end }
      : before.length > 0 && before.every((task) => task.outcome === "skipped")
      ? { outcome: "skipped", at: Math.max(...before.map((task) => task.end)) }
      : undefined;
    const planned = planFrom(chosen.map(input), cursor, block).tasks;
    let next = 0;
    tasks = plan.tasks.map((task, position) => positions.has(position) ? planned[next++] : task);
  }
  const failed = tasks.some((task) =>
    task.outcome === "failed" || task.outcome === "upstream_failed"
  );
  return {
    ...plan,
    end: Math.max(plan.start, ...tasks.map((task) => task.end)),
    outcome: failed ? "failed" : "success",
    tasks,
  };
}

/**
 * The plan after the instances at `cleared` were cleared at `at`. They run again from
 * `restart`, with the instances of later tasks that had not begun; a try that was running is
 * cut short and fails, as a killed one does. Cleared instances keep the tries that had begun,
 * and their new tries number on from those; a state a user had set on them is dropped.
 */
export function clearAt(
  plan: RunPlan,
  cleared: ReadonlySet<number>,
  at: number,
  restart: number,
): RunPlan {
  const first = Math.min(...[...cleared].map((position) => plan.tasks[position].taskIndex));
  const positions = new Set(
    plan.tasks.flatMap((task, position) =>
      cleared.has(position) || (task.taskIndex > first && isPending(task, at)) ? [position] : []
    ),
  );
  const replanned = replan(
    plan,
    positions,
    (task) => inputOf(task, at, cleared.has(plan.tasks.indexOf(task))),
    restart,
  );
  return { ...replanned, requeued: { from: at, until: restart } };
}

/**
 * The plan after a user set the instances at `marked` to `state` at `at`. A try running then is
 * cut short; the instances that had not begun follow on from there. A run that had finished
 * keeps its state: only a clear starts it again.
 */
export function markAt(
  plan: RunPlan,
  marked: ReadonlySet<number>,
  state: MarkState,
  at: number,
): RunPlan {
  const tasks = plan.tasks.map((task, position): TaskPlan => {
    if (!marked.has(position)) return task;
    return {
      ...task,
      tries: triesUntil(task.tries, at),
      outcome: state,
      end: task.end <= at ? task.end : at,
      marked: { state, at },
    };
  });
  if (plan.end <= at) return { ...plan, tasks };
  const updated = { ...plan, tasks };
  const pending = new Set(
    tasks.flatMap((task, position) =>
      !marked.has(position) && isPending(task, at) ? [position] : []
    ),
  );
  return replan(updated, pending, (task) => inputOf(task, at, false), at);
}

/**
 * The plan after the human-in-the-loop instance at `position` was answered at `at`: its try
 * ends then, and the tasks after it, which were waiting for it, follow on.
 */
export function answerAt(plan: RunPlan, position: number, at: number): RunPlan {
  const target = plan.tasks[position];
  const tasks = plan.tasks.map((task, index): TaskPlan => {
    if (index !== position) return task;
    const tries = task.tries.map((attempt) =>
      attempt.waiting && attempt.start <= at && attempt.end > at ? { ...attempt, end: at } : attempt
    );
    return { ...task, tries, end: task.outcome === "success" && task.end > at ? at : task.end };
  });
  const pending = new Set(
    tasks.flatMap((task, index) =>
      task.taskIndex > target.taskIndex && isPending(task, at) ? [index] : []
    ),
  );
  return replan({ ...plan, tasks }, pending, (task) => inputOf(task, at, false), at);
}
