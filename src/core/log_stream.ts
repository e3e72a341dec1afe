/**
 * A task try's log as an async iterator of lines, for every API version: one read, or with
 * `follow` a read every `interval` until the try has finished, each line yielded once. What it
 * reads comes from a {@link LogSource}; `log_source.ts` builds one from a version's operations.
 *
 * @module
 */
import { Deadline, positiveNumberIssues } from "./deadline.ts";
import { RequestValidationError } from "./errors.ts";
import { LogCursor } from "./log_cursor.ts";
import type { LogLine } from "./log_pages.ts";
import { requestOptionIssues, type RequestOptions } from "./options.ts";
import { sleep } from "./retry.ts";
import { requestPart } from "./run_waiter.ts";

/**
 * Options of `taskInstances.logs`. The request options (`timeout` for each request,
 * `maxRetries`, `headers`, `signal`) apply to every request made while reading.
 */
export interface LogOptions extends RequestOptions {
  /** Map index of a mapped task instance. Default -1 (not mapped). */
  mapIndex?: number;
  /**
   * Keep reading until the try has finished and its whole log has been read. Default `false`:
   * read what is there now and end.
   */
  follow?: boolean;
  /** Milliseconds between reads when following. Default 2 000. */
  interval?: number;
  /** Milliseconds allowed in all before failing with `APITimeoutError`. Default: no limit. */
  totalTimeout?: number;
  /**
   * How to read: `ndjson` (streamed; Airflow 3's default), `text` (streamed plain text; Airflow
   * 2) or `json` (pages; Airflow 2's default).
   */
  format?: "ndjson" | "text" | "json";
  /** Longest streamed line accepted, in bytes. Default 16 MiB. */
  maxLineBytes?: number;
  /**
   * Milliseconds a streamed read may send nothing before it fails with `APITimeoutError`.
   * Default 60 000.
   */
  idleTimeout?: number;
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

/** How one read of a log ended. */
export interface LogReadEnd {
  /** The token to read on from, if the server gave one. */
  next?: string;
  /** The server says the log is complete. */
  ended: boolean;
  /** The read had no lines. */
  empty: boolean;
}

/** Where a try stands: not begun yet (but it may), writing its log, or done. */
export type TryStatus = "pending" | "running" | "finished";

/** Where a log is read from. */
export interface LogSource {
  /** The log, for messages: `the log of extract try 1 in etl/r`. */
  label: string;
  /** The streamed format this version offers. */
  streamFormat: "ndjson" | "text";
  /** The format used when the caller names none. */
  defaultFormat: "ndjson" | "text" | "json";
  /**
   * Whether a JSON read from a continuation token returns only the lines after it. Where it
   * does not, every read starts from the first line and seen lines are skipped.
   */
  jsonResumes: boolean;
  /** Reads the log once, in `format`, from `token` or the first line. */
  read(
    format: "ndjson" | "text" | "json",
    token: string | undefined,
    options: RequestOptions & { maxLineBytes?: number; idleTimeout: number },
  ): AsyncGenerator<LogLine, LogReadEnd, undefined>;
  /** Where the try stands; a `NotFoundError` when it does not exist and never will. */
  tryStatus(call: RequestOptions): Promise<TryStatus>;
}

const DEFAULT_INTERVAL_MS = 2_000;
const DEFAULT_IDLE_MS = 60_000;

/**
 * The lines of one try's log as they arrive, each once. Without `follow`, one read; with it, it
 * first waits for the task instance to reach the try, then reads again every `interval` and
 * yields what is new, and the read that starts after the try has finished is the last.
 */
export function streamLog(source: LogSource, options: LogOptions = {}): LogStream {
  const cursor = new LogCursor();
  const lines = readLog(source, options, cursor);
  return Object.defineProperty(lines, "sources", { get: () => cursor.sources }) as LogStream;
}

async function* readLog(
  source: LogSource,
  options: LogOptions,
  cursor: LogCursor,
): AsyncGenerator<LogLine, void, undefined> {
  checkOptions(options, source);
  const deadline = new Deadline(`reading ${source.label}`, options.signal, options.totalTimeout);
  const call = { ...requestPart(options), signal: deadline.signal };
  const format = options.format ?? source.defaultFormat;
  const resumes = format === "json" && source.jsonResumes;
  try {
    let token: string | undefined;
    for (;;) {
      const status = options.follow ? await source.tryStatus(call) : "finished";
      if (status !== "pending") {
        let read: LogReadEnd;
        // Tokens already read from: a page that hands back one of them would be read forever.
        const readFrom = new Set<string | undefined>();
        do {
          readFrom.add(token);
          cursor.startRead(token === undefined);
          const lines = source.read(format, token, {
            ...call,
            maxLineBytes: options.maxLineBytes,
            idleTimeout: options.idleTimeout ?? DEFAULT_IDLE_MS,
          });
          try {
            for (;;) {
              const step = await lines.next();
              if (step.done) {
                read = step.value;
                break;
              }
              yield* cursor.accept(step.value);
            }
            yield* cursor.endRead();
          } finally {
            // Leaving early closes the read, and with it the body it streams.
            await lines.return({ ended: true, empty: true });
          }
          if (resumes) token = read.next ?? token;
        } while (
          resumes && !read.ended && !read.empty && read.next !== undefined &&
          !readFrom.has(read.next)
        );
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

function checkOptions(options: LogOptions, source: LogSource): void {
  const issues = [
    ...requestOptionIssues(options),
    ...positiveNumberIssues("interval", options.interval),
    ...positiveNumberIssues("totalTimeout", options.totalTimeout),
    ...positiveNumberIssues("maxLineBytes", options.maxLineBytes, "bytes"),
    ...positiveNumberIssues("idleTimeout", options.idleTimeout),
  ];
  if (
    options.mapIndex !== undefined &&
    !(Number.isInteger(options.mapIndex) && options.mapIndex >= -1)
  ) {
    issues.push({ path: "options.mapIndex", message: "must be an integer >= -1" });
  }
  const formats = [source.streamFormat, "json"];
  if (options.format !== undefined && !formats.includes(options.format)) {
    issues.push({ path: "options.format", message: `must be "${formats.join('" or "')}"` });
  }
  if (issues.length > 0) throw new RequestValidationError("taskInstances.logs", issues);
}
