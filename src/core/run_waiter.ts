/**
 * Waiting for a dag run to finish, for every API version: read the server's stream of the run's
 * state as it arrives (Airflow 3.1+'s `/wait`), or poll the run with backoff where there is
 * none. What it reads comes from a {@link RunSource}; `run_source.ts` builds one from a
 * version's operations.
 *
 * @module
 */
import { Deadline, positiveNumberIssues } from "./deadline.ts";
import { RequestValidationError } from "./errors.ts";
import { requestOptionIssues, type RequestOptions } from "./options.ts";
import { sleep } from "./retry.ts";

/** What waiting needs to know of a dag run. */
export interface RunLike {
  /** The run's state, such as `queued`, `running`, `success` or `failed`. */
  state?: string | null;
}

/** The state of a run, as the run's own type spells it. */
export type StateOf<Run extends RunLike> = NonNullable<Run["state"]>;

/**
 * Options of `dagRuns.wait` and `dagRuns.watch`. The request options (`timeout` for each
 * request, `maxRetries`, `headers`, `signal`) apply to every request made while waiting.
 */
export interface WaitOptions extends RequestOptions {
  /**
   * Task ids whose return value (XCom `return_value`) to collect once the run finishes, as JSON
   * values. A task that returned nothing is absent from the results.
   */
  results?: readonly string[];
  /** Milliseconds between checks of the run's state. Default 2 000. */
  interval?: number;
  /** Longest pause between polls, in milliseconds, as polling backs off. Default 30 000. */
  maxInterval?: number;
  /** Milliseconds to wait in all before failing with `APITimeoutError`. Default: no limit. */
  totalTimeout?: number;
  /**
   * Milliseconds the state stream may send nothing before the wait fails with
   * `APITimeoutError`; Airflow sends a line every `interval`. Default: three intervals, and at
   * least 60 000.
   */
  idleTimeout?: number;
}

/** One step of a run's progress, as `dagRuns.watch` yields it. */
export type RunProgress<Run extends RunLike = RunLike> =
  | {
    /** The run has not finished yet. */
    finished: false;
    /** Its new state. */
    state: StateOf<Run>;
  }
  | {
    /** The run has finished. */
    finished: true;
    /** Its final state, `success` or `failed`: the run's own. */
    state: StateOf<Run>;
    /** The run as Airflow reports it now. */
    run: Run;
    /** The return value of each task asked for in `results` that returned one, by task id. */
    results: Record<string, unknown>;
  };

/** What `dagRuns.wait` resolves with. */
export interface WaitResult<Run extends RunLike = RunLike> {
  /** The finished run. */
  run: Run;
  /** The return value of each task asked for in `results` that returned one, by task id. */
  results: Record<string, unknown>;
}

/** Where waiting reads a run from. */
export interface RunSource<Run extends RunLike> {
  /** The run, for messages: `dag run "r" of "etl"`. */
  label: string;
  /** Reads the run. */
  read(call: RequestOptions): Promise<Run>;
  /**
   * The state lines the server streams (`{"state": …, "results": {…}}`), or `undefined` where
   * it streams none, so that waiting polls instead.
   */
  states?(
    interval: number,
    results: readonly string[],
    call: RequestOptions & { idleTimeout: number },
  ): Promise<AsyncIterable<string> | undefined>;
  /** A task's return value, or `undefined` when it has none. */
  result(taskId: string, call: RequestOptions): Promise<{ value: unknown } | undefined>;
  /** Turns a value as the server sends it into the value the task returned. */
  decode(value: unknown): unknown;
}

const FINISHED: ReadonlySet<string> = new Set(["success", "failed"]);
const DEFAULT_INTERVAL_MS = 2_000;
const DEFAULT_MAX_INTERVAL_MS = 30_000;
const BACKOFF = 1.5;
const MIN_IDLE_MS = 60_000;

interface StateLine {
  state: string;
  results?: Record<string, unknown>;
}

/**
 * Yields a run's state each time it changes, then one last step with the finished run and the
 * results asked for. Options are checked before anything is sent.
 */
export async function* watchRun<Run extends RunLike>(
  source: RunSource<Run>,
  options: WaitOptions = {},
): AsyncGenerator<RunProgress<Run>, void, undefined> {
  checkOptions(options);
  const { results: wanted = [], interval = DEFAULT_INTERVAL_MS, totalTimeout } = options;
  const deadline = new Deadline(`waiting for ${source.label}`, options.signal, totalTimeout);
  const call = { ...requestPart(options), signal: deadline.signal };
  try {
    let last: string | undefined;
    let streamed: StateLine | undefined;
    const idleTimeout = options.idleTimeout ?? Math.max(MIN_IDLE_MS, 3 * interval);
    const lines = await source.states?.(interval, wanted, { ...call, idleTimeout }) ?? [];
    for await (const text of lines) {
      const line = parseStateLine(text);
      if (!line) break;
      if (FINISHED.has(line.state)) {
        streamed = line;
        break;
      }
      if (line.state !== last) {
        yield { finished: false, state: (last = line.state) as StateOf<Run> };
      }
    }
    // The run is read until it too says it has finished: right after the stream's last line,
    // the run can still read as queued or running.
    let run = await source.read(call);
    let delay = interval;
    while (!FINISHED.has(run.state ?? "")) {
      if (run.state != null && run.state !== last && !streamed) {
        yield { finished: false, state: (last = run.state) as StateOf<Run> };
        delay = interval;
      }
      await sleep(delay, deadline.signal);
      delay = Math.min(delay * BACKOFF, options.maxInterval ?? DEFAULT_MAX_INTERVAL_MS);
      run = await source.read(call);
    }
    const results = streamed?.results
      ? pickResults(streamed.results, wanted, source)
      : await collectResults(source, wanted, call);
    yield { finished: true, state: run.state as StateOf<Run>, run, results };
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    deadline.dispose();
  }
}

/** Waits for a run to finish; see {@link watchRun}. */
export async function waitForRun<Run extends RunLike>(
  source: RunSource<Run>,
  options?: WaitOptions,
): Promise<WaitResult<Run>> {
  for await (const step of watchRun<Run>(source, options)) {
    if (step.finished) return { run: step.run, results: step.results };
  }
  throw new Error("unreachable: watchRun ended without a finished step");
}

/** The request options of long-operation options: what each request made is sent with. */
export function requestPart(options: RequestOptions): RequestOptions {
  const { timeout, maxRetries, retryNonIdempotent, headers, maxResponseBytes } = options;
  return { timeout, maxRetries, retryNonIdempotent, headers, maxResponseBytes };
}

function parseStateLine(text: string): StateLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  const { state, results } = value as Record<string, unknown>;
  if (typeof state !== "string") return undefined;
  const hasResults = results !== null && typeof results === "object" && !Array.isArray(results);
  return {
    state,
    results: hasResults ? results as Record<string, unknown> : undefined,
  };
}

/** The results asked for, decoded, from a state line's `results`. */
function pickResults(
  results: Record<string, unknown>,
  taskIds: readonly string[],
  source: RunSource<RunLike>,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const taskId of taskIds) {
    if (Object.hasOwn(results, taskId)) setOwn(picked, taskId, source.decode(results[taskId]));
  }
  return picked;
}

/** Each task's return value, read one by one; a task that has none is left out. */
async function collectResults(
  source: RunSource<RunLike>,
  taskIds: readonly string[],
  call: RequestOptions,
): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const taskId of taskIds) {
    const found = await source.result(taskId, call);
    if (found) setOwn(results, taskId, source.decode(found.value));
  }
  return results;
}

/** Sets a property of its own on `record`, even one named `__proto__`. */
function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function checkOptions(options: WaitOptions): void {
  const issues = [
    ...requestOptionIssues(options),
    ...positiveNumberIssues("interval", options.interval),
    ...positiveNumberIssues("maxInterval", options.maxInterval),
    ...positiveNumberIssues("totalTimeout", options.totalTimeout),
    ...positiveNumberIssues("idleTimeout", options.idleTimeout),
  ];
  const results = options.results as unknown;
  if (
    results !== undefined &&
    (!Array.isArray(results) ||
      results.some((taskId) => typeof taskId !== "string" || taskId.length === 0))
  ) {
    issues.push({ path: "options.results", message: "must be an array of task ids" });
  }
  if (issues.length > 0) throw new RequestValidationError("dagRuns.wait", issues);
}
