/**
 * What a run does, computed from its DAG's seed and its start time alone: when each try of each
 * task instance starts and ends and how it ends, and what the log lines are. States at a given
 * moment are read off this plan, so nothing has to tick. A mapped task is one instance per map
 * index, all started together; a human-in-the-loop task waits, deferred, for as long as nobody
 * answers it (its try ends at infinity until `run_events.ts` says when it was answered).
 *
 * @module
 */
import type { FakeHitl, FakeTask } from "./seed.ts";

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
  /** How many mapped instances it expands to, or `null` for an unmapped task. */
  mapCount: number | null;
  /** Map indexes whose every try fails. */
  failMapIndexes: number[];
  pool: string;
  hitl?: FakeHitl;
  outlets: string[];
  extraLinks: Record<string, string>;
}

/** Task instance states this fake produces. */
export type TaskState =
  | "success"
  | "running"
  | "deferred"
  | "failed"
  | "upstream_failed"
  | "up_for_retry"
  | "skipped"
  | null;

/** The states a user may set on a task instance. */
export type MarkState = "success" | "failed" | "skipped";

/** One try of a task instance. */
export interface TryPlan {
  try_number: number;
  start: number;
  end: number;
  failed: boolean;
  /** A failed try that another try follows after the retry delay. */
  retried?: boolean;
  /** A try cut short because its task instance was cleared or marked while it ran. */
  killed?: boolean;
  /** A try that waits for a human's answer until `end`. */
  waiting?: boolean;
}

/** What happens to one task instance in a run. */
export interface TaskPlan {
  task: PlannedTask;
  /** The task's position in its DAG. */
  taskIndex: number;
  /** -1 for an unmapped task. */
  mapIndex: number;
  /** Every try, those before a clear included. */
  tries: TryPlan[];
  outcome: "success" | "failed" | "upstream_failed" | "skipped";
  /** When the task instance reaches its outcome. */
  end: number;
  /** When it was last cleared: it has no state from then until its next try starts. */
  resetAt?: number;
  /** A state a user set, and when. */
  marked?: { state: MarkState; at: number };
}

/** A whole run: its task instances, task after task, from `start`. */
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
    mapCount: task.mapped ?? null,
    failMapIndexes: task.failMapIndexes ?? [],
    pool: task.pool ?? "default_pool",
    hitl: task.hitl,
    outlets: task.outlets ?? [],
    extraLinks: task.extraLinks ?? {},
  };
}

/** One entry per task instance of a DAG, in order: a mapped task's map indexes side by side. */
export interface InstanceSeed {
  task: PlannedTask;
  taskIndex: number;
  mapIndex: number;
}

/** The task instances a run of these tasks has. */
export function instancesOf(tasks: PlannedTask[]): InstanceSeed[] {
  return tasks.flatMap((task, taskIndex) =>
    task.mapCount === null
      ? [{ task, taskIndex, mapIndex: -1 }]
      : Array.from({ length: task.mapCount }, (_, mapIndex) => ({ task, taskIndex, mapIndex }))
  );
}

/** Plans a run whose first task starts at `start`. */
export function planRun(tasks: PlannedTask[], start: number): RunPlan {
  const planned = planFrom(
    instancesOf(tasks).map((seed) => ({ ...seed, earlier: [] })),
    start,
  );
  return { start, ...planned };
}

/** A task instance to plan: the tries it already had, and a state a user set on it, if any. */
export interface PlanInput extends InstanceSeed {
  earlier: TryPlan[];
  resetAt?: number;
  marked?: { state: MarkState; at: number };
}

/** Why the instances after a stage will not run: an upstream failure or skip, and since when. */
export interface Block {
  outcome: "upstream_failed" | "skipped";
  at: number;
}

/**
 * Plans task instances from `start`, one task after the other; the instances of a mapped task
 * run side by side. An instance that ends failed blocks the later ones as `upstream_failed`, one
 * marked skipped blocks them as `skipped`; an instance a user marked does not run.
 */
export function planFrom(
  inputs: PlanInput[],
  start: number,
  blocked?: Block,
): Omit<RunPlan, "start"> {
  let cursor = start;
  let block = blocked;
  const plans: TaskPlan[] = [];
  for (const stage of stages(inputs)) {
    const stageStart = cursor;
    const stagePlans = stage.map((input) => planOne(input, stageStart, block));
    plans.push(...stagePlans);
    if (block) continue;
    cursor = Math.max(stageStart, ...stagePlans.map((plan) => plan.end));
    if (
      stagePlans.some((plan) => plan.outcome === "failed" || plan.outcome === "upstream_failed")
    ) {
      block = { outcome: "upstream_failed", at: cursor };
    } else if (stagePlans.length > 0 && stagePlans.every((plan) => plan.outcome === "skipped")) {
      block = { outcome: "skipped", at: cursor };
    }
  }
  const failed = plans.some((plan) =>
    plan.outcome === "failed" || plan.outcome === "upstream_failed"
  );
  return {
    end: Math.max(cursor, ...plans.map((plan) => plan.end)),
    outcome: failed ? "failed" : "success",
    tasks: plans,
  };
}

/** Consecutive inputs of the same task. */
function stages(inputs: PlanInput[]): PlanInput[][] {
  const out: PlanInput[][] = [];
  for (const input of inputs) {
    const last = out[out.length - 1];
    if (last && last[0].taskIndex === input.taskIndex) last.push(input);
    else out.push([input]);
  }
  return out;
}

function planOne(input: PlanInput, start: number, block: Block | undefined): TaskPlan {
  const { task, taskIndex, mapIndex, earlier, resetAt, marked } = input;
  const base = { task, taskIndex, mapIndex, ...(resetAt === undefined ? {} : { resetAt }) };
  if (marked) {
    return { ...base, tries: earlier, outcome: marked.state, end: marked.at, marked };
  }
  if (block) return { ...base, tries: earlier, outcome: block.outcome, end: block.at };
  const tries = [...earlier];
  let cursor = start;
  const failing = task.failMapIndexes.includes(mapIndex);
  for (let retry = 0;; retry++) {
    const tryNumber = tries.length + 1;
    const failed = failing || tryNumber <= task.failTries;
    const attempt: TryPlan = task.hitl
      ? { try_number: tryNumber, start: cursor, end: Infinity, failed: false, waiting: true }
      : { try_number: tryNumber, start: cursor, end: cursor + task.durationMs, failed };
    tries.push(attempt);
    cursor = attempt.end;
    if (!attempt.failed) return { ...base, tries, outcome: "success", end: cursor };
    if (retry >= task.retries) return { ...base, tries, outcome: "failed", end: cursor };
    attempt.retried = true;
    cursor += task.retryDelayMs;
  }
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

/** The state of a task instance at `now`. */
export function taskAt(plan: TaskPlan, now: number): TaskMoment {
  const started = plan.tries.filter((attempt) => attempt.start <= now);
  const current = started[started.length - 1];
  if (plan.marked && now >= plan.marked.at) {
    const finished = current && current.end <= plan.marked.at ? current.end : plan.marked.at;
    return {
      state: plan.marked.state,
      current,
      started,
      start_date: current?.start ?? plan.marked.at,
      end_date: finished,
    };
  }
  const cleared = plan.resetAt !== undefined && now >= plan.resetAt &&
    (!current || current.start < plan.resetAt);
  if (!current || cleared) {
    const blocked = (plan.outcome === "upstream_failed" || plan.outcome === "skipped") &&
      now >= plan.end;
    return {
      state: blocked ? plan.outcome as TaskState : null,
      current,
      started,
      start_date: null,
      end_date: blocked ? plan.end : null,
    };
  }
  let state: TaskState;
  if (now < current.end) state = current.waiting ? "deferred" : "running";
  else if (!current.failed) state = "success";
  else state = current.retried ? "up_for_retry" : "failed";
  return {
    state,
    current,
    started,
    start_date: current.start,
    end_date: state === "running" || state === "deferred" ? null : current.end,
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
 * task runners write before structured logging starts, then the task's own lines. A try that
 * waits for an answer writes its lines when it starts, and its last one when it is answered.
 */
export function logLines(task: PlannedTask, attempt: TryPlan): LogLine[] {
  const texts: Omit<LogLine, "at">[] = [
    { event: `Starting attempt ${attempt.try_number} of ${task.retries + 1}` },
    ...task.logs.map((event) => ({ event, level: "info" as const })),
  ];
  if (attempt.waiting) {
    texts.push({ event: "Waiting for a response to the human-in-the-loop request", level: "info" });
  }
  if (attempt.killed) {
    texts.push({ event: "Received SIGTERM. Terminating subprocesses.", level: "error" });
  } else if (attempt.failed) {
    texts.push({
      event: `Task failed with exception: try ${attempt.try_number} failed`,
      level: "error",
    });
  }
  const last = {
    event: `Task exited with return code ${attempt.failed ? 1 : 0}`,
    level: attempt.failed ? "error" as const : "info" as const,
  };
  if (attempt.waiting) {
    const early = texts.map((text) => ({ ...text, at: attempt.start }));
    return attempt.end === Infinity ? early : [...early, { ...last, at: attempt.end }];
  }
  texts.push(last);
  const span = attempt.end - attempt.start;
  return texts.map((text, index) => ({
    ...text,
    at: attempt.start + Math.round(texts.length === 1 ? span : (span * index) / (texts.length - 1)),
  }));
}
