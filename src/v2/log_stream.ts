/**
 * A task try's log as an async iterator of lines: streamed NDJSON where the server offers it,
 * JSON otherwise, and with `follow`, read on with the continuation token until the try ends.
 *
 * @module
 */
import type { ApiClient } from "../core/client.ts";
import { Deadline, positiveNumberIssues } from "../core/deadline.ts";
import { NotFoundError, RequestValidationError } from "../core/errors.ts";
import { readLines } from "../core/lines.ts";
import type { HeadersInput } from "../core/options.ts";
import { sleep } from "../core/retry.ts";
import * as op from "./generated/operations.ts";
import type {
  TaskInstanceHistoryResponse,
  TaskInstanceResponse,
  TaskInstancesLogResponse,
} from "./generated/types.ts";

/** One log line. Airflow 3 sends structured lines; a plain text line becomes `{ event }`. */
export interface LogLine {
  /** The message. */
  event: string;
  /** When it was written, as an ISO date-time, if the server says. */
  timestamp?: string;
  /** Level such as `info` or `error`, if the server says. */
  level?: string;
  /** Anything else the server attached (logger, exception details, …). */
  [key: string]: unknown;
}

/** Options of {@link streamLog} (`taskInstances.logs`). */
export interface LogOptions {
  /** Map index of a mapped task instance. Default -1 (not mapped). */
  mapIndex?: number;
  /**
   * Keep reading, with the continuation token, until the try has finished and its whole log
   * has been read. Default `false`: read what is there now and end.
   */
  follow?: boolean;
  /** Milliseconds between reads when following. Default 2 000. */
  interval?: number;
  /** Milliseconds allowed in all before failing with `APITimeoutError`. Default: no limit. */
  timeout?: number;
  /** Stops reading, and closes the stream at once, when it aborts. */
  signal?: AbortSignal;
  /** Ask for `ndjson` (streamed, the default) or `json` (one document per read). */
  format?: "ndjson" | "json";
  /** Longest streamed line accepted, in bytes. Default 16 MiB. */
  maxLineBytes?: number;
  /** Extra headers for every request. */
  headers?: HeadersInput;
}

/** Try states after which the try writes no more log. */
const FINISHED_TRY: ReadonlySet<string> = new Set([
  "success",
  "failed",
  "skipped",
  "upstream_failed",
  "removed",
  "up_for_retry",
]);
const DEFAULT_INTERVAL_MS = 2_000;

interface LogTarget {
  path: readonly [string, string, string, number];
  mapIndex: number;
}

/**
 * Yields the lines of one try's log as they arrive. Without `follow`, one read; with it, it
 * first waits for the task instance to reach the try, then reads repeat while the server hands
 * out a continuation token, and the read that starts after the try has finished is the last.
 */
export async function* streamLog(
  core: ApiClient,
  dagId: string,
  dagRunId: string,
  taskId: string,
  tryNumber: number,
  options: LogOptions = {},
): AsyncGenerator<LogLine, void, undefined> {
  checkOptions(options);
  const target: LogTarget = {
    path: [dagId, dagRunId, taskId, tryNumber],
    mapIndex: options.mapIndex ?? -1,
  };
  const deadline = new Deadline(
    `reading the log of ${taskId} try ${tryNumber} in ${dagId}/${dagRunId}`,
    options.signal,
    options.timeout,
  );
  const call = { signal: deadline.signal, headers: options.headers };
  try {
    let token: string | undefined;
    for (;;) {
      const status = options.follow ? await tryStatus(core, target, call) : "finished";
      if (status !== "pending") {
        token = yield* readOnce(core, target, token, options, call);
        if (status === "finished" || token === undefined) return;
      }
      await sleep(options.interval ?? DEFAULT_INTERVAL_MS, deadline.signal);
    }
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    deadline.dispose();
  }
}

/** Reads the log once from `token` on; returns the token to go on from, if the log goes on. */
async function* readOnce(
  core: ApiClient,
  target: LogTarget,
  token: string | undefined,
  options: LogOptions,
  call: { signal: AbortSignal; headers?: HeadersInput },
): AsyncGenerator<LogLine, string | undefined, undefined> {
  const args = { path: target.path, query: { map_index: target.mapIndex, token } };
  const accept = options.format === "json" ? "application/json" : "application/x-ndjson";
  const response = await core.open(op.getLog, args, accept, call);
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("ndjson") && response.body) {
    const next = response.headers.get("airflow-continuation-token") || undefined;
    const lines = readLines(response.body, {
      signal: call.signal,
      maxLineBytes: options.maxLineBytes,
    });
    for await (const text of lines) yield parseLine(text);
    return next;
  }
  const page = await core.read<TaskInstancesLogResponse>(op.getLog, response, call.signal);
  for (const item of page.content) {
    yield typeof item === "string" ? { event: item } : item as LogLine;
  }
  return page.continuation_token || undefined;
}

/**
 * Where the try stands: `pending` while its task instance has not reached it yet but may, else
 * `running` or `finished`. A try that does not exist and never will is a `NotFoundError`.
 */
async function tryStatus(
  core: ApiClient,
  target: LogTarget,
  call: { signal: AbortSignal; headers?: HeadersInput },
): Promise<"pending" | "running" | "finished"> {
  const [dagId, dagRunId, taskId, tryNumber] = target.path;
  const readTry = async () => {
    const attempt = await core.invoke<TaskInstanceHistoryResponse>(
      op.getTaskInstanceTryDetails,
      { path: target.path, query: { map_index: target.mapIndex } },
      call,
    );
    return attempt.state != null && FINISHED_TRY.has(attempt.state) ? "finished" : "running";
  };
  try {
    return await readTry();
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const instance = await core.invoke<TaskInstanceResponse>(
      target.mapIndex === -1 ? op.getTaskInstance : op.getMappedTaskInstance,
      {
        path: target.mapIndex === -1
          ? [dagId, dagRunId, taskId]
          : [dagId, dagRunId, taskId, target.mapIndex],
      },
      call,
    );
    // The try may have begun between the two reads; if so it is there now.
    if (instance.try_number >= tryNumber) return await readTry();
    const willRunAgain = instance.state == null || !FINISHED_TRY.has(instance.state) ||
      instance.state === "up_for_retry";
    if (!willRunAgain) throw error;
    return "pending";
  }
}

function parseLine(text: string): LogLine {
  try {
    const value = JSON.parse(text);
    if (value !== null && typeof value === "object" && typeof value.event === "string") {
      return value;
    }
  } catch {
    // Not JSON: a plain text line.
  }
  return { event: text };
}

function checkOptions(options: LogOptions): void {
  const issues = [
    ...positiveNumberIssues("interval", options.interval),
    ...positiveNumberIssues("timeout", options.timeout),
    ...positiveNumberIssues("maxLineBytes", options.maxLineBytes, "bytes"),
  ];
  if (
    options.mapIndex !== undefined &&
    !(Number.isInteger(options.mapIndex) && options.mapIndex >= -1)
  ) {
    issues.push({ path: "options.mapIndex", message: "must be an integer >= -1" });
  }
  if (options.format !== undefined && options.format !== "ndjson" && options.format !== "json") {
    issues.push({ path: "options.format", message: 'must be "ndjson" or "json"' });
  }
  if (issues.length > 0) throw new RequestValidationError("taskInstances.logs", issues);
}
