/**
 * Waiting for a dag run to finish, for every API version: read Airflow 3.1+'s `/wait` stream as
 * it arrives, or poll the run with backoff where the server has no such stream (Airflow 3.0
 * answers 404; `/api/v1` has none). What differs between versions is the operations, passed in
 * as {@link RunEndpoints}.
 *
 * @module
 */
import type { ApiClient } from "./client.ts";
import { Deadline, positiveNumberIssues } from "./deadline.ts";
import { APIError, NotFoundError, RequestValidationError } from "./errors.ts";
import { readLines } from "./lines.ts";
import type { Operation } from "./operation.ts";
import type { HeadersInput } from "./options.ts";
import { sleep } from "./retry.ts";

/** The operations waiting uses, from one API version. */
export interface RunEndpoints {
  /** Reads one dag run; path `[dagId, dagRunId]`. */
  getRun: Operation;
  /** Reads one XCom entry; path `[dagId, dagRunId, taskId, key]`. */
  getXcom: Operation;
  /** The query that makes {@link RunEndpoints.getXcom} answer with the value, not its repr. */
  xcomQuery?: object;
  /**
   * Whether values may arrive as the JSON text they were stored as (Airflow 3): they are then
   * decoded as Airflow's own `deserialize` does, and a string that is not JSON stays as it is.
   */
  decodeValues: boolean;
  /** The NDJSON stream of a run's state (Airflow 3.1+); absent where the API has none. */
  waitStream?: Operation;
}

/** What waiting needs to know of a dag run. */
export interface RunLike {
  /** The run's state, such as `queued`, `running`, `success` or `failed`. */
  state?: string | null;
}

/** The state of a run, as the run's own type spells it. */
export type StateOf<Run extends RunLike> = NonNullable<Run["state"]>;

/** Options of `dagRuns.wait` and `dagRuns.watch`. */
export interface WaitOptions {
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
  timeout?: number;
  /** Stops waiting, and closes the stream at once, when it aborts. */
  signal?: AbortSignal;
  /** Extra headers for every request. */
  headers?: HeadersInput;
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
    /** Its final state, `success` or `failed`. */
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

const FINISHED: ReadonlySet<string> = new Set(["success", "failed"]);
const DEFAULT_INTERVAL_MS = 2_000;
const DEFAULT_MAX_INTERVAL_MS = 30_000;
const BACKOFF = 1.5;

interface StateLine {
  state: string;
  results?: Record<string, unknown>;
}

/**
 * Yields a run's state each time it changes, then one last step with the finished run and the
 * results asked for. Arguments are checked before anything is sent.
 */
export async function* watchRun<Run extends RunLike>(
  core: ApiClient,
  endpoints: RunEndpoints,
  dagId: string,
  dagRunId: string,
  options: WaitOptions = {},
): AsyncGenerator<RunProgress<Run>, void, undefined> {
  checkOptions(options);
  const deadline = new Deadline(
    `waiting for dag run ${JSON.stringify(dagRunId)} of ${JSON.stringify(dagId)}`,
    options.signal,
    options.timeout,
  );
  const call = { signal: deadline.signal, headers: options.headers };
  const interval = options.interval ?? DEFAULT_INTERVAL_MS;
  try {
    const readRun = () => core.invoke<Run>(endpoints.getRun, { path: [dagId, dagRunId] }, call);
    let last: string | undefined;
    let streamed: StateLine | undefined;
    const lines = endpoints.waitStream
      ? streamStates(core, endpoints.waitStream, dagId, dagRunId, options, call)
      : [];
    for await (const line of lines) {
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
    let run = await readRun();
    let delay = interval;
    while (!FINISHED.has(run.state ?? "")) {
      if (run.state != null && run.state !== last && !streamed) {
        yield { finished: false, state: (last = run.state) as StateOf<Run> };
        delay = interval;
      }
      await sleep(delay, deadline.signal);
      delay = Math.min(delay * BACKOFF, options.maxInterval ?? DEFAULT_MAX_INTERVAL_MS);
      run = await readRun();
    }
    const wanted = options.results ?? [];
    const results = streamed?.results
      ? pickResults(streamed.results, wanted, endpoints.decodeValues)
      : await collectResults(core, endpoints, dagId, dagRunId, wanted, call);
    yield { finished: true, state: run.state as StateOf<Run>, run, results };
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    deadline.dispose();
  }
}

/** Waits for a run to finish; see {@link watchRun}. */
export async function waitForRun<Run extends RunLike>(
  core: ApiClient,
  endpoints: RunEndpoints,
  dagId: string,
  dagRunId: string,
  options?: WaitOptions,
): Promise<WaitResult<Run>> {
  for await (const step of watchRun<Run>(core, endpoints, dagId, dagRunId, options)) {
    if (step.finished) return { run: step.run, results: step.results };
  }
  throw new Error("unreachable: watchRun ended without a finished step");
}

/**
 * The states the server streams, until the stream ends. Yields nothing when the server has no
 * stream (404, 405) or sends lines this client does not understand, so the caller polls.
 */
async function* streamStates(
  core: ApiClient,
  waitStream: Operation,
  dagId: string,
  dagRunId: string,
  options: WaitOptions,
  call: { signal: AbortSignal; headers?: HeadersInput },
): AsyncGenerator<StateLine, void, undefined> {
  let response: Response;
  try {
    response = await core.open(
      waitStream,
      {
        path: [dagId, dagRunId],
        query: {
          interval: (options.interval ?? DEFAULT_INTERVAL_MS) / 1000,
          result: options.results?.length ? [...options.results] : undefined,
        },
      },
      "application/x-ndjson",
      call,
    );
  } catch (error) {
    if (error instanceof APIError && (error.status === 404 || error.status === 405)) return;
    throw error;
  }
  if (!response.body) return;
  for await (const text of readLines(response.body, { signal: call.signal })) {
    const line = parseStateLine(text);
    if (!line) return;
    yield line;
  }
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

/** The results asked for, decoded, from a `/wait` line's `results`. */
function pickResults(
  results: Record<string, unknown>,
  taskIds: readonly string[],
  decode: boolean,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const taskId of taskIds) {
    if (Object.hasOwn(results, taskId)) {
      setOwn(picked, taskId, decode ? decodeValue(results[taskId]) : results[taskId]);
    }
  }
  return picked;
}

/** Each task's return value, read as an XCom entry; a task that has none is left out. */
async function collectResults(
  core: ApiClient,
  endpoints: RunEndpoints,
  dagId: string,
  dagRunId: string,
  taskIds: readonly string[],
  call: { signal: AbortSignal; headers?: HeadersInput },
): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const taskId of taskIds) {
    try {
      const xcom = await core.invoke<{ value?: unknown }>(endpoints.getXcom, {
        path: [dagId, dagRunId, taskId, "return_value"],
        query: endpoints.xcomQuery,
      }, call);
      setOwn(results, taskId, endpoints.decodeValues ? decodeValue(xcom.value) : xcom.value);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
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

/**
 * A value that may be the JSON text it was stored as, decoded: a string that parses as JSON is
 * replaced by what it encodes, as Airflow's `deserialize` does; anything else is kept.
 */
export function decodeValue(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function checkOptions(options: WaitOptions): void {
  const issues = [
    ...positiveNumberIssues("interval", options.interval),
    ...positiveNumberIssues("maxInterval", options.maxInterval),
    ...positiveNumberIssues("timeout", options.timeout),
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
