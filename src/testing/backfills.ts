/**
 * Backfills as Airflow 3's `models/backfill.py` makes them: one run per tick of the DAG's
 * schedule between the two dates (ticks in the past only), created at once with the run type
 * `backfill`, skipping logical dates that have a run unless `reprocess_behavior` says to run it
 * again (then that run is cleared and joins the backfill). The runs start in order,
 * `max_active_runs` at a time, while the backfill is not paused; cancelling fails those still
 * queued. Its `completed_at` is when its last run finished.
 *
 * @module
 */
import { fail, pythonIso } from "./http.ts";
import type { BackfillRecord } from "./records.ts";
import type { DagRecord, RunRecord, Store } from "./store.ts";

const HOUR = 3_600_000;
const INTERVALS: Record<NonNullable<DagRecord["timetable"]>, number> = {
  "@hourly": HOUR,
  "@daily": 24 * HOUR,
  "@weekly": 7 * 24 * HOUR,
};
/** 1970-01-01 was a Thursday; weekly ticks fall on Sundays, three days later. */
const OFFSETS: Record<NonNullable<DagRecord["timetable"]>, number> = {
  "@hourly": 0,
  "@daily": 0,
  "@weekly": 3 * 24 * HOUR,
};

/** What a backfill is asked for. */
export interface BackfillRequest {
  dag_id: string;
  from: number;
  to: number;
  reverse: boolean;
  reprocess: "none" | "failed" | "completed";
  conf: Record<string, unknown>;
  maxActiveRuns: number;
}

/** The ticks of a DAG's schedule from `from` to `to`, both included, before `now`. */
function ticks(dag: DagRecord, from: number, to: number, now: number): number[] {
  const interval = INTERVALS[dag.timetable!];
  const offset = OFFSETS[dag.timetable!];
  const first = Math.ceil((from - offset) / interval) * interval + offset;
  const out: number[] = [];
  for (let tick = first; tick <= to && tick < now; tick += interval) out.push(tick);
  return out;
}

/** The DAG of a request, checked as Airflow does: it exists and has a time schedule. */
function checkedDag(store: Store, request: BackfillRequest): DagRecord {
  const dag = store.dags.get(request.dag_id);
  if (!dag) fail(404, `Could not find dag ${request.dag_id}`);
  if (!dag.timetable) fail(422, `${request.dag_id} has no schedule`);
  return dag;
}

function checkDates(request: BackfillRequest, now: number): void {
  if (request.from >= now && request.to >= now) {
    fail(422, "Backfill cannot be executed for future dates.");
  }
}

/** The latest run at a logical date, and whether a backfill would run it (again). */
function existing(store: Store, dagId: string, logical: number, now: number) {
  const run = store.runs.filter((candidate) =>
    candidate.dag_id === dagId && candidate.logical_date === logical
  ).pop();
  return run && { run, state: store.view(run, now).state };
}

function reruns(state: string, reprocess: BackfillRequest["reprocess"]): boolean {
  if (state !== "success" && state !== "failed") return false;
  return reprocess === "completed" || (reprocess === "failed" && state === "failed");
}

/** The logical dates a backfill would run, in its order. */
export function dryRun(store: Store, request: BackfillRequest, now: number): number[] {
  const dag = checkedDag(store, request);
  checkDates(request, now);
  const dates = ticks(dag, request.from, request.to, now).filter((logical) => {
    const found = existing(store, dag.dag_id, logical, now);
    return !found || reruns(found.state, request.reprocess);
  });
  return request.reverse ? dates.reverse() : dates;
}

/** Creates a backfill and its runs at `now`. */
export function createBackfill(
  store: Store,
  request: BackfillRequest,
  now: number,
  user: string,
): BackfillRecord {
  const dag = checkedDag(store, request);
  if (
    store.backfills.some((other) => other.dag_id === dag.dag_id && !isComplete(store, other, now))
  ) {
    fail(409, `There is already a running backfill for dag ${dag.dag_id}`);
  }
  checkDates(request, now);
  const backfill: BackfillRecord = {
    id: store.nextId(store.backfills),
    dag_id: dag.dag_id,
    from: request.from,
    to: request.to,
    conf: request.conf,
    maxActiveRuns: request.maxActiveRuns,
    reprocess: request.reprocess,
    paused: false,
    createdAt: now,
    updatedAt: now,
    cancelledAt: null,
    resumedAt: now,
    runs: [],
  };
  store.backfills.push(backfill);
  const dates = ticks(dag, request.from, request.to, now);
  for (const logical of request.reverse ? dates.reverse() : dates) {
    const found = existing(store, dag.dag_id, logical, now);
    let run: RunRecord;
    if (found) {
      if (!reruns(found.state, request.reprocess)) continue;
      run = found.run;
      store.clear(run, new Set(store.view(run, now).tasks.map((task) => task.position)), now);
      run.runType = "backfill";
      run.backfillId = backfill.id;
    } else {
      run = store.addRun({
        dag_id: dag.dag_id,
        run_id: `backfill__${pythonIso(logical)}`,
        logical_date: logical,
        run_after: logical,
        queued_at: now,
        conf: request.conf,
        note: null,
        user,
        runType: "backfill",
        backfillId: backfill.id,
      });
    }
    backfill.runs.push([run.dag_id, run.run_id]);
  }
  settleBackfills(store, now);
  return backfill;
}

function runsOf(store: Store, backfill: BackfillRecord): RunRecord[] {
  return backfill.runs.flatMap(([dagId, runId]) => {
    const run = store.runs.find((candidate) =>
      candidate.dag_id === dagId && candidate.run_id === runId
    );
    return run ? [run] : [];
  });
}

/** When a started run ends, as its plan has it (infinity while it waits for a human). */
function endOf(store: Store, run: RunRecord): number {
  if (run.forced) return run.forced.at;
  return store.plan(run)?.end ?? Infinity;
}

/**
 * Starts the waiting runs of each backfill that is not paused, in order, each once fewer than
 * `max_active_runs` of its started runs are unfinished, up to `now`.
 */
export function settleBackfills(store: Store, now: number): void {
  for (const backfill of store.backfills) {
    if (backfill.paused || backfill.cancelledAt !== null) continue;
    const runs = runsOf(store, backfill);
    const ends = runs.filter((run) => run.queuedSince !== null).map((run) => endOf(store, run));
    for (const run of runs.filter((candidate) => candidate.queuedSince === null)) {
      const sorted = [...ends].sort((a, b) => a - b);
      const free = sorted.length < backfill.maxActiveRuns
        ? backfill.resumedAt
        : sorted[sorted.length - backfill.maxActiveRuns];
      const start = Math.max(backfill.resumedAt, free);
      if (start > now) break;
      run.queuedSince = start;
      ends.push(endOf(store, run));
    }
  }
}

/** When a backfill completed: when cancelled, or when its last run finished; else null. */
export function completedAt(store: Store, backfill: BackfillRecord, now: number): number | null {
  if (backfill.cancelledAt !== null) return backfill.cancelledAt;
  const runs = runsOf(store, backfill);
  if (runs.some((run) => run.queuedSince === null)) return null;
  const ends = runs.map((run) => endOf(store, run));
  const last = Math.max(backfill.createdAt, ...ends);
  return last <= now ? last : null;
}

function isComplete(store: Store, backfill: BackfillRecord, now: number): boolean {
  return completedAt(store, backfill, now) !== null;
}

/** Pauses, resumes or cancels a backfill; a 409 once it has completed. */
export function changeBackfill(
  store: Store,
  backfill: BackfillRecord,
  change: "pause" | "unpause" | "cancel",
  now: number,
): void {
  if (isComplete(store, backfill, now)) fail(409, "Backfill is already completed.");
  backfill.updatedAt = now;
  if (change === "unpause") {
    if (backfill.paused) backfill.resumedAt = now;
    backfill.paused = false;
    settleBackfills(store, now);
    return;
  }
  settleBackfills(store, now);
  backfill.paused = true;
  if (change === "cancel") {
    for (const run of runsOf(store, backfill)) {
      if (store.view(run, now).state === "queued") run.forced = { state: "failed", at: now };
    }
    backfill.cancelledAt = now;
  }
}
