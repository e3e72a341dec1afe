/**
 * The task log endpoint: the lines of a try that have been written by now, as JSON with a
 * continuation token or as an NDJSON stream with the token in a header.
 *
 * @module
 */
import { findTaskInstance, type Handlers } from "../context.ts";
import { base64url, fromBase64url } from "../../core/base64url.ts";
import { fail, iso, json } from "../http.ts";
import { logLines } from "../timeline.ts";

const TOKEN_HEADER = "Airflow-Continuation-Token";

function readToken(token: unknown): number {
  if (typeof token !== "string" || token === "") return 0;
  try {
    const offset = JSON.parse(fromBase64url(token)).offset;
    if (Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // answered below
  }
  fail(400, "Bad Signature. Please use only the tokens provided by the API.");
}

function wantsNdjson(accept: string | null): boolean {
  const types = (accept ?? "").split(",").map((part) => part.split(";")[0].trim().toLowerCase());
  const ndjson = types.indexOf("application/x-ndjson");
  const jsonIndex = types.indexOf("application/json");
  return ndjson >= 0 && (jsonIndex < 0 || ndjson < jsonIndex);
}

/** `get_log`. */
export const logHandlers: Handlers = {
  get_log: (context) => {
    const { run, view, task } = findTaskInstance(context);
    const tryNumber = context.params.try_number as number;
    const attempt = task.started.find((candidate) => candidate.try_number === tryNumber);
    if (!attempt) {
      fail(404, `Log for try number ${tryNumber} of this task instance was not found`);
    }
    const interrupted = run.forced !== undefined && context.now >= run.forced.at;
    const finished = view.at >= attempt.end || interrupted;
    const visible = logLines(task.task, attempt).filter((line) => line.at <= view.at);
    const offset = context.query.full_content === true
      ? 0
      : Math.min(readToken(context.query.token), visible.length);
    const content = visible.slice(offset).map((line) => ({
      timestamp: iso(line.at),
      event: line.event,
      level: line.level,
      logger: "airflow.task",
    }));
    const token = finished ? null : base64url(JSON.stringify({ offset: visible.length }));
    if (!wantsNdjson(context.request.headers.get("accept"))) {
      return json({ content, continuation_token: token });
    }
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const line of content) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        controller.close();
      },
    });
    const headers = new Headers({ "content-type": "application/x-ndjson" });
    if (token !== null) headers.set(TOKEN_HEADER, token);
    return new Response(body, { status: 200, headers });
  },
};
