/**
 * A {@link LogSource} built from one API version's operations: the log read as the stream the
 * version offers or as JSON pages, and where the try stands read from its try details.
 *
 * @module
 */
import type { AirflowCore } from "./client.ts";
import { NotFoundError, ResponseValidationError } from "./errors.ts";
import { readLines } from "./lines.ts";
import { type LogLine, type PageFormat, readLogPage } from "./log_pages.ts";
import type { LogReadEnd, LogSource, TryStatus } from "./log_stream.ts";
import type { Operation } from "./operation.ts";
import type { RequestOptions } from "./options.ts";

/** The operations reading a log uses, from one API version. */
export interface LogEndpoints {
  /** The log: path `[dagId, dagRunId, taskId, tryNumber]`, query `map_index` and `token`. */
  getLog: Operation;
  /** The streamed format the version offers. */
  streamFormat: "ndjson" | "text";
  /** The format used when the caller names none. */
  defaultFormat: "ndjson" | "text" | "json";
  /** How the version writes JSON log pages. */
  pages: PageFormat;
  /** Whether a JSON read from a continuation token returns only the lines after it. */
  jsonResumes: boolean;
  /** A task instance: path `[dagId, dagRunId, taskId]`. */
  getTaskInstance: Operation;
  /** A mapped task instance: path `[dagId, dagRunId, taskId, mapIndex]`. */
  getMappedTaskInstance: Operation;
  /** One try: path `[dagId, dagRunId, taskId, tryNumber]`. */
  getTry: Operation;
  /** One try of a mapped task instance: path `[dagId, dagRunId, taskId, mapIndex, tryNumber]`. */
  getMappedTry: Operation;
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

const MEDIA_TYPES = {
  ndjson: "application/x-ndjson",
  text: "text/plain",
  json: "application/json",
};
/** The content types a log comes in; another (an HTML page) is not a log. */
const LOG_TYPES = new Set(["", ...Object.values(MEDIA_TYPES)]);

/** The source of one try's log, read through `core` with `endpoints`. */
export function logSource(
  core: AirflowCore,
  endpoints: LogEndpoints,
  dagId: string,
  dagRunId: string,
  taskId: string,
  tryNumber: number,
  mapIndex = -1,
): LogSource {
  const instancePath = mapIndex === -1
    ? [dagId, dagRunId, taskId]
    : [dagId, dagRunId, taskId, mapIndex];
  const readTry = async (call: RequestOptions): Promise<TryStatus> => {
    const attempt = await core.call<{ state?: string | null }>(
      mapIndex === -1 ? endpoints.getTry : endpoints.getMappedTry,
      { path: [...instancePath, tryNumber] },
      call,
    );
    return attempt.state != null && FINISHED_TRY.has(attempt.state) ? "finished" : "running";
  };
  const label = `the log of ${taskId} try ${tryNumber} in ${dagId}/${dagRunId}`;
  return {
    label,
    streamFormat: endpoints.streamFormat,
    defaultFormat: endpoints.defaultFormat,
    jsonResumes: endpoints.jsonResumes,
    async *read(format, token, options): AsyncGenerator<LogLine, LogReadEnd, undefined> {
      const { maxLineBytes, idleTimeout, ...call } = options;
      const args = {
        path: [dagId, dagRunId, taskId, tryNumber],
        query: { map_index: mapIndex, token },
      };
      const response = await core.open(endpoints.getLog, args, MEDIA_TYPES[format], call);
      const type = (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
      if (!LOG_TYPES.has(type)) {
        await response.body?.cancel();
        throw new ResponseValidationError(endpoints.getLog.method, response.url, [{
          path: "",
          message: `the answer is ${type}, not a log (a sign-in page in front of Airflow?)`,
        }], undefined);
      }
      if (type === "application/json") {
        const page = await readLogPage(
          await core.read(endpoints.getLog, response, call),
          endpoints.pages,
        );
        yield* page.lines;
        return { next: page.next, ended: page.ended, empty: page.lines.length === 0 };
      }
      let empty = true;
      if (response.body) {
        const lines = readLines(response.body, {
          signal: call.signal,
          maxLineBytes,
          idleTimeout,
          label,
        });
        for await (const text of lines) {
          empty = false;
          yield parseLine(text);
        }
      }
      return { ended: false, empty };
    },
    /**
     * `pending` while the task instance has not reached the try but may, else `running` or
     * `finished`. A try that does not exist and never will is a `NotFoundError`.
     */
    async tryStatus(call) {
      try {
        return await readTry(call);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        const instance = await core.call<{ try_number?: number | null; state?: string | null }>(
          mapIndex === -1 ? endpoints.getTaskInstance : endpoints.getMappedTaskInstance,
          { path: instancePath },
          call,
        );
        // The try may have begun between the two reads; if so it is there now.
        if ((instance.try_number ?? 0) >= tryNumber) return await readTry(call);
        const willRunAgain = instance.state == null || !FINISHED_TRY.has(instance.state) ||
          instance.state === "up_for_retry";
        if (!willRunAgain) throw error;
        return "pending";
      }
    },
  };
}

/** A streamed line: a JSON log record with an `event`, else plain text. */
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
