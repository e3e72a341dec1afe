/**
 * A task try's log as an async iterator of lines, for every API version: streamed where the
 * server offers it (NDJSON on `/api/v2`, plain text on `/api/v1`), JSON pages otherwise, and
 * with `follow`, read again until the try ends, each line yielded once. What differs between
 * versions is passed in as a {@link LogDialect}.
 *
 * @module
 */
import type { ApiClient } from "./client.ts";
import { Deadline, positiveNumberIssues } from "./deadline.ts";
import { NotFoundError, RequestValidationError } from "./errors.ts";
import { readLines } from "./lines.ts";
import type { Operation } from "./operation.ts";
import type { HeadersInput } from "./options.ts";
import { LogCursor } from "./log_cursor.ts";
import { sleep } from "./retry.ts";

/** One log line. Airflow 3 sends structured lines; a plain text line becomes `{ event }`. */
export interface LogLine {
  /** The message. */
  event: string;
  /**
   * When it was written, as an ISO date-time, if the server says; `null` for a line that was
   * not structured (plain text in the log file).
   */
  timestamp?: string | null;
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
  /**
   * How to read: `ndjson` (streamed; Airflow 3's default), `text` (streamed plain text; Airflow
   * 2) or `json` (pages; Airflow 2's default).
   */
  format?: "ndjson" | "text" | "json";
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

/** Which try's log, and how the server names it. */
export interface LogTarget {
  /** `[dagId, dagRunId, taskId, tryNumber]`. */
  path: readonly [string, string, string, number];
  /** -1 for a task instance that is not mapped. */
  mapIndex: number;
}

/** The path of the try's task instance: `[dagId, dagRunId, taskId]`, plus the map index if mapped. */
export function taskInstancePath(target: LogTarget): unknown[] {
  const [dagId, dagRunId, taskId] = target.path;
  return target.mapIndex === -1
    ? [dagId, dagRunId, taskId]
    : [dagId, dagRunId, taskId, target.mapIndex];
}

/** One JSON page of log, read. */
export interface LogPage {
  /** Its lines. */
  lines: LogLine[];
  /** The token to read on from, if the server gave one. */
  next?: string;
  /** The server says the log is complete (Airflow 2's `end_of_log`). */
  ended: boolean;
}

/** What one API version's log endpoints look like. */
export interface LogDialect {
  /** The log operation: path `[dagId, dagRunId, taskId, tryNumber]`, query `map_index`, `token`. */
  getLog: Operation;
  /** The streamed format this version offers, and its media type. */
  stream: { format: "ndjson" | "text"; accept: string };
  /** The format used when the caller names none. */
  defaultFormat: "ndjson" | "text" | "json";
  /** Reads one JSON page. */
  readPage(page: unknown): Promise<LogPage>;
  /**
   * Whether a JSON read from a continuation token returns only the lines after it on this
   * server. Where it does not, every read starts from the first line and seen lines are skipped.
   */
  jsonResumes(core: ApiClient): boolean;
  /** The try's state; a `NotFoundError` when the try does not exist (yet). */
  tryState(core: ApiClient, target: LogTarget, call: Call): Promise<string | null | undefined>;
  /** The task instance's current try number and state. */
  taskInstance(
    core: ApiClient,
    target: LogTarget,
    call: Call,
  ): Promise<{ try_number?: number | null; state?: string | null }>;
}

/** The signal and headers of every request of one log read. */
export interface Call {
  /** Aborts the request. */
  signal: AbortSignal;
  /** Extra headers. */
  headers?: HeadersInput;
}

/**
 * A try's log as it is read: an async generator of its lines, which also tells where the server
 * read them from.
 */
export interface LogStream extends AsyncGenerator<LogLine, void, undefined> {
  /**
   * The sources the server named in the log's source-details header (files, URLs, hosts), as
   * read so far. The header itself is not yielded as log lines.
   */
  readonly sources: readonly string[];
}

/** What one read returns: the token to go on from, and whether the log is complete. */
interface ReadResult {
  next?: string;
  ended: boolean;
  empty: boolean;
}

/**
 * The lines of one try's log as they arrive, each once. Without `follow`, one read; with it, it
 * first waits for the task instance to reach the try, then reads again every `interval` and
 * yields what is new, and the read that starts after the try has finished is the last.
 */
export function streamLog(
  core: ApiClient,
  dialect: LogDialect,
  dagId: string,
  dagRunId: string,
  taskId: string,
  tryNumber: number,
  options: LogOptions = {},
): LogStream {
  const cursor = new LogCursor();
  const lines = readLog(core, dialect, [dagId, dagRunId, taskId, tryNumber], options, cursor);
  return Object.defineProperty(lines, "sources", { get: () => cursor.sources }) as LogStream;
}

async function* readLog(
  core: ApiClient,
  dialect: LogDialect,
  path: LogTarget["path"],
  options: LogOptions,
  cursor: LogCursor,
): AsyncGenerator<LogLine, void, undefined> {
  checkOptions(options, dialect);
  const [dagId, dagRunId, taskId, tryNumber] = path;
  const target: LogTarget = { path, mapIndex: options.mapIndex ?? -1 };
  const deadline = new Deadline(
    `reading the log of ${taskId} try ${tryNumber} in ${dagId}/${dagRunId}`,
    options.signal,
    options.timeout,
  );
  const call = { signal: deadline.signal, headers: options.headers };
  const format = options.format ?? dialect.defaultFormat;
  const resumes = format === "json" && dialect.jsonResumes(core);
  try {
    let token: string | undefined;
    for (;;) {
      const status = options.follow ? await tryStatus(core, dialect, target, call) : "finished";
      if (status !== "pending") {
        let read: ReadResult;
        do {
          cursor.startRead(token === undefined);
          read = yield* readOnce(core, dialect, target, token, format, options, call, cursor);
          if (resumes) token = read.next ?? token;
        } while (resumes && !read.ended && !read.empty && read.next !== undefined);
        if (status === "finished" || read.ended) return;
      }
      await sleep(options.interval ?? DEFAULT_INTERVAL_MS, deadline.signal);
    }
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    deadline.dispose();
  }
}

/** Reads the log once, from `token` on or from the first line, and yields the new lines. */
async function* readOnce(
  core: ApiClient,
  dialect: LogDialect,
  target: LogTarget,
  token: string | undefined,
  format: LogOptions["format"],
  options: LogOptions,
  call: Call,
  cursor: LogCursor,
): AsyncGenerator<LogLine, ReadResult, undefined> {
  const args = { path: target.path, query: { map_index: target.mapIndex, token } };
  const streamed = format === dialect.stream.format;
  const accept = streamed ? dialect.stream.accept : "application/json";
  const response = await core.open(dialect.getLog, args, accept, call);
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json") || type.includes("ndjson")) {
    let empty = true;
    if (response.body) {
      const lines = readLines(response.body, {
        signal: call.signal,
        maxLineBytes: options.maxLineBytes,
      });
      for await (const text of lines) {
        empty = false;
        const line = parseLine(text);
        if (cursor.isNew(line)) yield line;
      }
    }
    return { ended: false, empty };
  }
  const page = await dialect.readPage(await core.read(dialect.getLog, response, call.signal));
  for (const line of page.lines) if (cursor.isNew(line)) yield line;
  return { next: page.next, ended: page.ended, empty: page.lines.length === 0 };
}

/**
 * Where the try stands: `pending` while its task instance has not reached it yet but may, else
 * `running` or `finished`. A try that does not exist and never will is a `NotFoundError`.
 */
async function tryStatus(
  core: ApiClient,
  dialect: LogDialect,
  target: LogTarget,
  call: Call,
): Promise<"pending" | "running" | "finished"> {
  const tryNumber = target.path[3];
  const readTry = async () => {
    const state = await dialect.tryState(core, target, call);
    return state != null && FINISHED_TRY.has(state) ? "finished" : "running";
  };
  try {
    return await readTry();
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const instance = await dialect.taskInstance(core, target, call);
    // The try may have begun between the two reads; if so it is there now.
    if ((instance.try_number ?? 0) >= tryNumber) return await readTry();
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

function checkOptions(options: LogOptions, dialect: LogDialect): void {
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
  const formats = [dialect.stream.format, "json"];
  if (options.format !== undefined && !formats.includes(options.format)) {
    issues.push({ path: "options.format", message: `must be "${formats.join('" or "')}"` });
  }
  if (issues.length > 0) throw new RequestValidationError("taskInstances.logs", issues);
}
