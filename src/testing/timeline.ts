/**
 * What a run does, computed from its DAG's seed and its start time alone: when each try of each
 * task starts and ends and how it ends, and what the log lines are. States at a given moment
 * are read off this plan, so nothing has to tick.
 *
 * @module
 */
import type { FakeTask } from "./seed.ts";

/** A task with every default filled in. */
export interface PlannedTask {
  task_id: string;
  durationMs: number;
  retries: number;
  retryDelayMs: number;
  failTries: number;
  logs: string[];
  returns?: unknown;
  hasReturn: boolean;
}

/** Task instance states this fake produces. */
export type TaskState =
  | "success"
  | "running"
  | "failed"
  | "upstream_failed"
  | "up_for_retry"
  | "skipped"
  | null;

/** One try of a task. */
export interface TryPlan {
  try_number: number;
  start: number;
  end: number;
  failed: boolean;
  /** A failed try that another try follows after the retry delay. */
  retried?: boolean;
  /** A try cut short because its task instance was cleared while it ran. */
  killed?: boolean;
}

/** Every try of one task in a run, and how the task ends. */
export interface TaskPlan {
  task: PlannedTask;
  /** Every try, those before a clear included. */
  tries: TryPlan[];
  outcome: "success" | "failed" | "upstream_failed";
  /** When the task reaches its outcome. */
  end: number;
  /** When the task was last cleared: it has no state from then until its next try starts. */
  resetAt?: number;
}

/** A whole run: its tasks one after the other from `start`. */
export interface RunPlan {
  start: number;
  end: number;
  outcome: "success" | "failed";
  tasks: TaskPlan[];
  /** After a clear, the run is queued again from `from` until its tasks run again. */
  requeued?: { from: number; until: number };
}

const DEFAULT_LOGS = [
  "Starting task",
  "Running the task callable",
  "Done. Returned value was: None",
];

/** Fills in a seed task's defaults. */
export function planTask(task: FakeTask): PlannedTask {
  return {
    task_id: task.task_id,
    durationMs: (task.durationSeconds ?? 5) * 1000,
    retries: task.retries ?? 0,
    retryDelayMs: (task.retryDelaySeconds ?? 1) * 1000,
    failTries: task.failTries ?? 0,
    logs: task.logs ?? DEFAULT_LOGS,
    returns: task.returns,
    hasReturn: task.returns !== undefined,
  };
}

/** Plans a run whose first task starts at `start`. */
export function planRun(tasks: PlannedTask[], start: number): RunPlan {
  return { start, ...planFrom(tasks.map((task) => ({ task, earlier: [] })), start) };
}

/**
 * The plan after the tasks at `cleared` (indexes) were cleared at `clearedAt`. They run again,
 * one after the other from `restart`, with the tasks after them that had not begun; a try that
 * was running is cut short and fails, as a killed one does. Every other task keeps its plan.
 * Cleared tasks keep the tries that had begun, and their new tries number on from those.
 */
export function replanFrom(
  plan: RunPlan,
  cleared: ReadonlySet<number>,
  clearedAt: number,
  restart: number,
): RunPlan {
  const first = Math.min(...cleared);
  const reruns = plan.tasks.map((taskPlan, index) =>
    cleared.has(index) || (index > first && taskAt(taskPlan, clearedAt).state === null)
  );
  const kept = plan.tasks.filter((_, index) => !reruns[index]);
  const upstream = plan.tasks.slice(0, first).filter((_, index) => !reruns[index]);
  const rerun = planFrom(
    plan.tasks.filter((_, index) => reruns[index]).map((taskPlan) => ({
      task: taskPlan.task,
      earlier: taskPlan.tries.filter((attempt) => attempt.start < clearedAt).map((attempt) =>
        attempt.end > clearedAt
          ? { ...attempt, end: clearedAt, failed: true, killed: true }
          : attempt
      ),
      resetAt: clearedAt,
    })),
    restart,
    upstream.find((taskPlan) => taskPlan.outcome !== "success")?.end,
  );
  let next = 0;
  const tasks = plan.tasks.map((taskPlan, index) => reruns[index] ? rerun.tasks[next++] : taskPlan);
  const failed = kept.some((taskPlan) => taskPlan.outcome !== "success");
  return {
    start: plan.start,
    end: Math.max(rerun.end, ...kept.map((taskPlan) => taskPlan.end)),
    outcome: failed ? "failed" : rerun.outcome,
    tasks,
    requeued: { from: clearedAt, until: restart },
  };
}

/** Plans tasks one after the other from `start`; a failure fails the tasks after it. */
function planFrom(
  tasks: { task: PlannedTask; earlier: TryPlan[]; resetAt?: number }[],
  start: number,
  failedBefore?: number,
): Omit<RunPlan, "start"> {
  let cursor = start;
  let failedAt = failedBefore;
  const plans = tasks.map(({ task, earlier, resetAt }): TaskPlan => {
    const reset = resetAt === undefined ? {} : { resetAt };
    if (failedAt !== undefined) {
      return { task, tries: earlier, outcome: "upstream_failed", end: failedAt, ...reset };
    }
    const tries = [...earlier];
    for (let retry = 0;; retry++) {
      const tryNumber = tries.length + 1;
      const failed = tryNumber <= task.failTries;
      const attempt: TryPlan = {
        try_number: tryNumber,
        start: cursor,
        end: cursor + task.durationMs,
        failed,
      };
      tries.push(attempt);
      cursor = attempt.end;
      if (!failed) return { task, tries, outcome: "success", end: cursor, ...reset };
      if (retry >= task.retries) {
        failedAt = cursor;
        return { task, tries, outcome: "failed", end: cursor, ...reset };
      }
      attempt.retried = true;
      cursor += task.retryDelayMs;
    }
  });
  return {
    end: cursor,
    outcome: failedAt === undefined ? "success" : "failed",
    tasks: plans,
  };
}

/** A task instance at one moment. */
export interface TaskMoment {
  state: TaskState;
  /** The latest try that has started, if any. */
  current?: TryPlan;
  /** Tries that have started, oldest first. */
  started: TryPlan[];
  start_date: number | null;
  end_date: number | null;
}

/** The state of a task at `now`. */
export function taskAt(plan: TaskPlan, now: number): TaskMoment {
  const started = plan.tries.filter((attempt) => attempt.start <= now);
  const current = started[started.length - 1];
  const cleared = plan.resetAt !== undefined && now >= plan.resetAt &&
    (!current || current.start < plan.resetAt);
  if (!current || cleared) {
    const upstreamFailed = plan.outcome === "upstream_failed" && now >= plan.end;
    return {
      state: upstreamFailed ? "upstream_failed" : null,
      current,
      started,
      start_date: null,
      end_date: upstreamFailed ? plan.end : null,
    };
  }
  let state: TaskState;
  if (now < current.end) state = "running";
  else if (!current.failed) state = "success";
  else state = current.retried ? "up_for_retry" : "failed";
  return {
    state,
    current,
    started,
    start_date: current.start,
    end_date: state === "running" ? null : current.end,
  };
}

/** One line of a try's log. */
export interface LogLine {
  at: number;
  event: string;
  /** Absent for a line written as plain text rather than as a JSON log record. */
  level?: "info" | "error";
}

/**
 * A try's log lines, spread evenly from its start to its end: a plain-text line first, as
 * task runners write before structured logging starts, then the task's own lines.
 */
export function logLines(task: PlannedTask, attempt: TryPlan): LogLine[] {
  const texts: Omit<LogLine, "at">[] = [
    { event: `Starting attempt ${attempt.try_number} of ${task.retries + 1}` },
    ...task.logs.map((event) => ({ event, level: "info" as const })),
  ];
  if (attempt.killed) {
    texts.push({ event: "Received SIGTERM. Terminating subprocesses.", level: "error" });
  } else if (attempt.failed) {
    texts.push({
      event: `Task failed with exception: try ${attempt.try_number} failed`,
      level: "error",
    });
  }
  texts.push({
    event: `Task exited with return code ${attempt.failed ? 1 : 0}`,
    level: attempt.failed ? "error" : "info",
  });
  const span = attempt.end - attempt.start;
  return texts.map((text, index) => ({
    ...text,
    at: attempt.start + Math.round(texts.length === 1 ? span : (span * index) / (texts.length - 1)),
  }));
}
