/**
 * The fake's state: DAGs, runs, pools, variables and connections, and the view of a run at a
 * moment (its plan, read at that moment, with any state a user forced on it).
 *
 * @module
 */
import type { FakeClock } from "./clock.ts";
import { fail, pythonIso, uniqueViolation } from "./http.ts";
import type {
  AliasRecord,
  AssetEventRecord,
  AssetRecord,
  BackfillRecord,
  EventLogRecord,
  ImportErrorRecord,
  QueuedEventRecord,
} from "./records.ts";
import type {
  FakeConnection,
  FakeDag,
  FakePlugin,
  FakePool,
  FakeProvider,
  FakeRun,
  FakeVariable,
} from "./seed.ts";
import { answerAt, clearAt, markAt } from "./run_events.ts";
import {
  instancesOf,
  type MarkState,
  type PlannedTask,
  planRun,
  planTask,
  type RunPlan,
  taskAt,
  type TaskMoment,
  type TaskPlan,
} from "./timeline.ts";

/** A DAG as the fake keeps it. */
export interface DagRecord {
  dag_id: string;
  description: string | null;
  tags: string[];
  owners: string[];
  is_paused: boolean;
  tasks: PlannedTask[];
  versionId: string;
  createdAt: number;
  /** A time schedule, if it has one. */
  timetable: "@hourly" | "@daily" | "@weekly" | null;
  /** The names of the assets whose updates trigger it. */
  scheduleAssets: string[];
  /** When it was last parsed: its creation, or a reparse asked through the API. */
  parsedAt: number;
}

/** An XCom pushed through the API. */
export interface XComRecord {
  task_id: string;
  key: string;
  map_index: number;
  /** What the XCom table holds: the value as JSON text. */
  value: unknown;
  timestamp: number;
}

/** A run as the fake keeps it; its states are computed, never stored. */
export interface RunRecord {
  dag_id: string;
  run_id: string;
  logical_date: number | null;
  run_after: number;
  queued_at: number;
  /** When the run began waiting in the queue; null while its DAG is paused. */
  queuedSince: number | null;
  conf: Record<string, unknown>;
  note: string | null;
  user: string;
  /** A final state set by `PATCH`, and when. */
  forced?: { state: "success" | "failed"; at: number };
  /** What users did to its task instances, oldest first; instances by position. */
  events: RunEvent[];
  pushed: XComRecord[];
  ids: Map<string, string>;
  /** Notes on task instances, by position. */
  notes: Map<number, string | null>;
  /** Positions of task instances deleted through the API. */
  deleted: Set<number>;
  /** How it came to be, as Airflow's `run_type` says. */
  runType: RunType;
  /** The backfill that made it, if one did. */
  backfillId?: number;
  /** The asset events that triggered it, by id. */
  triggeringEvents: number[];
  /** Answers to its human-in-the-loop task instances' tries, by {@link tryKey}. */
  answers: Map<string, HitlAnswer>;
  /** The tries whose outlets have been turned into asset events, by {@link tryKey}. */
  emitted: Set<string>;
}

/** How someone answered a human-in-the-loop task instance's try. */
export interface HitlAnswer {
  chosen_options: string[];
  params_input: Record<string, unknown>;
  at: number;
  user: string;
}

/** The key of a task instance's try (by its position in the run) in a run's maps and sets. */
export function tryKey(position: number, tryNumber: number): string {
  return `${position}/${tryNumber}`;
}

/** Airflow's run types that the fake makes. */
export type RunType = "manual" | "backfill" | "asset_triggered" | "asset_materialization";

/** Something a user did to a run's task instances at a moment. */
export type RunEvent =
  | { kind: "clear"; at: number; positions: ReadonlySet<number> }
  | { kind: "mark"; at: number; positions: ReadonlySet<number>; state: MarkState }
  | { kind: "answer"; at: number; position: number };

/** What a new run is made from. */
export interface NewRun {
  dag_id: string;
  /** Default: `manual__` and the logical date, or else `run_after`, in ISO form. */
  run_id?: string;
  logical_date: number | null;
  run_after: number;
  queued_at: number;
  conf: Record<string, unknown>;
  note: string | null;
  user: string;
  /** Default `manual`. */
  runType?: RunType;
  backfillId?: number;
  triggeringEvents?: number[];
}

/** Run states. */
export type RunState = "queued" | "running" | "success" | "failed";

/** A task instance at a moment. */
export interface TaskView extends TaskMoment {
  plan?: TaskPlan;
  task: PlannedTask;
  /** The task's position in its DAG. */
  index: number;
  /** -1 for an unmapped task. */
  mapIndex: number;
  /** The instance's position in the run, which events name it by. */
  position: number;
}

/** A run at a moment. */
export interface RunView {
  state: RunState;
  start_date: number | null;
  end_date: number | null;
  /** The time the task states were read at (the forcing time, for a forced run). */
  at: number;
  tasks: TaskView[];
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Letters and digits, as Airflow's `get_random_string`. */
export function randomString(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return [...bytes].map((byte) => LETTERS[byte % LETTERS.length]).join("");
}

/** Everything the fake knows. */
export class Store {
  readonly dags: Map<string, DagRecord> = new Map();
  runs: RunRecord[] = [];
  readonly pools: Map<string, Required<FakePool>> = new Map();
  readonly variables: Map<string, Required<FakeVariable>> = new Map();
  readonly connections: Map<string, FakeConnection> = new Map();
  readonly assets: AssetRecord[] = [];
  readonly aliases: AliasRecord[] = [];
  readonly assetEvents: AssetEventRecord[] = [];
  queuedEvents: QueuedEventRecord[] = [];
  readonly backfills: BackfillRecord[] = [];
  readonly importErrors: ImportErrorRecord[] = [];
  readonly eventLogs: EventLogRecord[] = [];
  /** DAGs users marked as favourites, by {@link Store.favoriteKey}. */
  readonly favorites: Set<string> = new Set();
  /** Configuration by section, then option. */
  readonly config: Map<string, Map<string, string>> = new Map();
  plugins: FakePlugin[] = [];
  pluginImportErrors: { source: string; error: string }[] = [];
  providers: FakeProvider[] = [];
  readonly clock: FakeClock;
  readonly queuedMs: number;
  /** When the fake started, as its jobs report. */
  readonly startedAt: number;

  constructor(clock: FakeClock, queuedMs: number) {
    this.clock = clock;
    this.queuedMs = queuedMs;
    this.startedAt = clock.now();
  }

  /** The key of a user's favourite DAG in {@link Store.favorites}. */
  favoriteKey(user: string | undefined, dagId: string): string {
    return `${user ?? ""}\u0000${dagId}`;
  }

  /** The next id of a list of records with numeric ids. */
  nextId(records: readonly { id: number }[]): number {
    return records.reduce((max, record) => Math.max(max, record.id), 0) + 1;
  }

  /** Adds a DAG from its seed. */
  addDag(seed: FakeDag): void {
    this.dags.set(seed.dag_id, {
      dag_id: seed.dag_id,
      description: seed.description ?? null,
      tags: [...(seed.tags ?? [])],
      owners: [...(seed.owners ?? ["airflow"])],
      is_paused: seed.is_paused ?? false,
      tasks: seed.tasks.map(planTask),
      versionId: crypto.randomUUID(),
      createdAt: this.clock.now(),
      timetable: typeof seed.schedule === "string" ? seed.schedule : null,
      scheduleAssets: Array.isArray(seed.schedule) ? [...seed.schedule] : [],
      parsedAt: this.clock.now(),
    });
  }

  /** Adds a run queued at `queued_at`: a 404 for an unknown DAG, a 409 for a run id in use. */
  addRun(init: NewRun): RunRecord {
    const dag = this.dag(init.dag_id);
    // Airflow adds a random suffix when there is no logical date to tell runs apart.
    const runId = init.run_id ??
      (init.logical_date === null
        ? `manual__${pythonIso(init.run_after)}_${randomString(8)}`
        : `manual__${pythonIso(init.logical_date)}`);
    if (this.runs.some((run) => run.dag_id === dag.dag_id && run.run_id === runId)) {
      fail(409, uniqueViolation());
    }
    const run: RunRecord = {
      dag_id: dag.dag_id,
      run_id: runId,
      logical_date: init.logical_date,
      run_after: init.run_after,
      queued_at: init.queued_at,
      queuedSince: dag.is_paused || init.backfillId !== undefined ? null : init.queued_at,
      conf: init.conf,
      note: init.note,
      user: init.user,
      events: [],
      pushed: [],
      ids: new Map(),
      notes: new Map(),
      deleted: new Set(),
      runType: init.runType ?? "manual",
      backfillId: init.backfillId,
      triggeringEvents: init.triggeringEvents ?? [],
      answers: new Map(),
      emitted: new Set(),
    };
    this.runs.push(run);
    return run;
  }

  /** Adds a run from its seed, as if triggered at `triggeredAt` (default now). */
  seedRun(seed: FakeRun): void {
    const triggered = seed.triggeredAt === undefined
      ? this.clock.now()
      : new Date(seed.triggeredAt).getTime();
    const logical = seed.logical_date == null ? null : new Date(seed.logical_date).getTime();
    if (Number.isNaN(triggered) || Number.isNaN(logical)) {
      throw new Error(`the seed run of ${seed.dag_id} has an invalid date`);
    }
    const run = this.addRun({
      dag_id: seed.dag_id,
      run_id: seed.dag_run_id,
      logical_date: logical,
      run_after: logical ?? triggered,
      queued_at: triggered,
      conf: seed.conf ?? {},
      note: seed.note ?? null,
      user: "admin",
    });
    if (seed.state) run.forced = { state: seed.state, at: triggered };
  }

  /** The DAG, or a 404. */
  dag(dagId: string): DagRecord {
    return this.dags.get(dagId) ?? fail(404, `The Dag with ID: \`${dagId}\` was not found`);
  }

  /** The run, or a 404. */
  run(dagId: string, runId: string): RunRecord {
    return this.runs.find((run) => run.dag_id === dagId && run.run_id === runId) ??
      fail(404, `The DagRun with dag_id: \`${dagId}\` and run_id: \`${runId}\` was not found`);
  }

  /** The plan of a run that has left the pause, if it has, with what users did applied. */
  plan(run: RunRecord): RunPlan | undefined {
    if (run.queuedSince === null) return undefined;
    return run.events.reduce(
      (plan, event) =>
        event.kind === "clear"
          ? clearAt(plan, event.positions, event.at, event.at + this.queuedMs)
          : event.kind === "mark"
          ? markAt(plan, event.positions, event.state, event.at)
          : answerAt(plan, event.position, event.at),
      planRun(this.dag(run.dag_id).tasks, run.queuedSince + this.queuedMs),
    );
  }

  /**
   * Clears the task instances of a run at `positions` at `now`: they run again, and the run is
   * queued until they do. A state forced on the run is dropped.
   */
  clear(run: RunRecord, positions: ReadonlySet<number>, now: number): void {
    if (positions.size === 0) return;
    run.forced = undefined;
    run.events.push({ kind: "clear", at: now, positions });
  }

  /** Sets the task instances of a run at `positions` to `state` at `now`. */
  mark(run: RunRecord, positions: ReadonlySet<number>, state: MarkState, now: number): void {
    if (positions.size > 0) run.events.push({ kind: "mark", at: now, positions, state });
  }

  /** Records that the waiting human-in-the-loop instance at `position` was answered at `now`. */
  answer(run: RunRecord, position: number, now: number): void {
    run.events.push({ kind: "answer", at: now, position });
  }

  /** A run at `now`; its task instances leave out those deleted through the API. */
  view(run: RunRecord, now: number): RunView {
    const dag = this.dag(run.dag_id);
    const plan = this.plan(run);
    const at = run.forced ? Math.min(now, run.forced.at) : now;
    const tasks: TaskView[] = instancesOf(dag.tasks).flatMap((seed, position) => {
      if (run.deleted.has(position)) return [];
      const taskPlan = plan?.tasks[position];
      const moment: TaskMoment = taskPlan
        ? taskAt(taskPlan, at)
        : { state: null, started: [], start_date: null, end_date: null };
      return [{
        ...moment,
        plan: taskPlan,
        task: seed.task,
        index: seed.taskIndex,
        mapIndex: seed.mapIndex,
        position,
      }];
    });
    let state: RunState = "queued";
    let start: number | null = null;
    let end: number | null = null;
    if (plan && at >= plan.start) {
      start = plan.start;
      state = at < plan.end ? "running" : plan.outcome;
      end = at < plan.end ? null : plan.end;
      const requeued = plan.requeued;
      if (requeued && at >= requeued.from && at < requeued.until) state = "queued";
    }
    if (run.forced) {
      state = run.forced.state;
      end ??= run.forced.at;
      for (const task of tasks) force(task, run.forced.state, run.forced.at);
    }
    return { state, start_date: start, end_date: end, at, tasks };
  }

  /** A stable id for one try of a task instance. */
  tiId(run: RunRecord, taskId: string, mapIndex: number, tryNumber: number): string {
    const key = `${taskId}\u0000${mapIndex}\u0000${tryNumber}`;
    let id = run.ids.get(key);
    if (!id) {
      id = crypto.randomUUID();
      run.ids.set(key, id);
    }
    return id;
  }

  /** Starts the queued runs of a DAG that has just been unpaused. */
  release(dagId: string, now: number): void {
    for (const run of this.runs) {
      if (run.dag_id === dagId && run.queuedSince === null && run.backfillId === undefined) {
        run.queuedSince = now;
      }
    }
  }
}

const FINISHED = new Set(["success", "failed", "upstream_failed", "skipped"]);

function force(task: TaskView, state: "success" | "failed", at: number): void {
  if (state === "success") {
    if (task.state !== "success") {
      task.state = "success";
      task.end_date ??= at;
    }
    return;
  }
  if (FINISHED.has(task.state ?? "")) return;
  task.state = task.state === "running" || task.state === "deferred" ? "failed" : "skipped";
  task.end_date = at;
}
