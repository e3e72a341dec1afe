/**
 * The task log endpoint, as Airflow 3's `routes/public/log.py` and
 * `utils/log/file_task_handler.py` answer it. A try's log opens with the source-details group
 * and holds the lines written by now; plain-text lines have a `null` timestamp.
 *
 * - JSON: `{ content, continuation_token }`; the token is `null` once the log is complete. A
 *   read resumed from a token repeats the whole log, minus the header, on 3.0 and 3.1, and
 *   returns only the lines after it from 3.2 on.
 * - NDJSON: the whole log so far, header included, on every read; the
 *   `Airflow-Continuation-Token` header echoes the request's own metadata, with no position.
 *
 * @module
 */
import { findTaskInstance, type Handlers } from "../context.ts";
import { base64url, fromBase64url } from "../../core/base64url.ts";
import { fail, iso, json } from "../http.ts";
import { type LogLine, logLines } from "../timeline.ts";

const TOKEN_HEADER = "Airflow-Continuation-Token";
const BAD_TOKEN = "Bad Signature. Please use only the tokens provided by the API.";
/** Task states in which a try may still write to its log. */
const WRITING = new Set(["running", "deferred"]);

/** The metadata a continuation token carries. */
interface LogMetadata {
  end_of_log?: boolean;
  log_pos?: number;
  download_logs?: boolean;
}

function readToken(token: unknown): LogMetadata | undefined {
  if (typeof token !== "string" || token === "") return undefined;
  try {
    const metadata = JSON.parse(fromBase64url(token));
    if (metadata !== null && typeof metadata === "object" && !Array.isArray(metadata)) {
      return metadata;
    }
  } catch {
    // answered below
  }
  fail(400, BAD_TOKEN);
}

function writeToken(metadata: LogMetadata): string {
  return base64url(JSON.stringify(metadata));
}

function wantsNdjson(accept: string | null): boolean {
  return (accept ?? "").trim().toLowerCase().startsWith("application/x-ndjson");
}

/** A log record as the JSON answer writes it: unset fields left out. */
function record(line: LogLine): Record<string, unknown> {
  return line.level === undefined
    ? { timestamp: null, event: line.event }
    : { timestamp: iso(line.at), event: line.event, level: line.level, logger: "airflow.task" };
}

/** `get_log`. */
export const logHandlers: Handlers = {
  get_log: (context) => {
    const { run, view, task } = findTaskInstance(context);
    const tryNumber = context.params.try_number as number;
    const attempt = task.started.find((candidate) => candidate.try_number === tryNumber);
    if (!attempt) fail(404, "TaskInstance not found");
    const currentTry = task.current?.try_number ?? 0;
    const endOfLog = currentTry !== tryNumber || !WRITING.has(task.state ?? "");
    const lines = logLines(task.task, attempt).filter((line) => line.at <= view.at);
    const header = [
      {
        event: "::group::Log message source details",
        sources: [
          `/opt/airflow/logs/dag_id=${run.dag_id}/run_id=${run.run_id}/task_id=${task.task.task_id}/attempt=${tryNumber}.log`,
        ],
      },
      { event: "::endgroup::" },
    ];
    const metadata = context.query.full_content === true ? {} : readToken(context.query.token);
    if (wantsNdjson(context.request.headers.get("accept"))) {
      const echoed = writeToken({ download_logs: false, ...metadata });
      const ndjson = [...header.map((line) => ({ timestamp: null, ...line })), ...lines.map(record)]
        .map((line) => `${JSON.stringify(line)}\n`);
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const line of ndjson) controller.enqueue(encoder.encode(line));
          controller.close();
        },
      });
      return new Response(body, {
        status: 200,
        headers: { "content-type": "application/x-ndjson", [TOKEN_HEADER]: echoed },
      });
    }
    const position = metadata?.log_pos;
    let content: Record<string, unknown>[];
    if (position === undefined) content = [...header, ...lines.map(record)];
    else if (context.settings.version === "3.2.1") content = lines.slice(position).map(record);
    else content = lines.map(record);
    return json({
      content,
      continuation_token: endOfLog
        ? null
        : writeToken({ end_of_log: false, log_pos: lines.length }),
    });
  },
};
