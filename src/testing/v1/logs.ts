/**
 * Airflow 2's task log endpoint: as JSON, `content` is the Python `repr` of
 * `[(host, text)]` and the continuation token an itsdangerous dump of the reader's metadata
 * (`end_of_log`, `log_pos`), with which the next read returns only what was written since; as
 * `text/plain`, the whole log so far and no token.
 *
 * @module
 */
import { base64url, fromBase64url } from "../../core/base64url.ts";
import type { Store } from "../store.ts";
import { type LogLine, logLines } from "../timeline.ts";
import { pythonRepr } from "../http.ts";
import { problem } from "./answers.ts";

const HOST = "fake-worker-1";

/** A line as Airflow 2's file task handler writes it. */
function text(line: LogLine): string {
  if (line.level === undefined) return line.event;
  const when = new Date(line.at).toISOString().replace("Z", "+0000");
  return `[${when}] {taskinstance.py:1} ${line.level.toUpperCase()} - ${line.event}`;
}

function readToken(token: unknown): { log_pos?: number } | undefined {
  if (typeof token !== "string" || token === "") return undefined;
  try {
    return JSON.parse(fromBase64url(token.split(".")[0]));
  } catch {
    return undefined;
  }
}

/** What the fake knows of the call. */
export interface V1LogCall {
  store: Store;
  now: number;
  params: Record<string, string | number>;
  query: Record<string, unknown>;
  accept: string | null;
}

/** `get_log` of `/api/v1`. */
export function v1Log(call: V1LogCall): Response {
  const { store, params } = call;
  const run = store.runs.find((candidate) =>
    candidate.dag_id === params.dag_id && candidate.run_id === params.dag_run_id
  );
  if (!run) {
    return problem(
      404,
      `DAG Run with dag_id: '${params.dag_id}' and run_id: '${params.dag_run_id}' not found`,
    );
  }
  const view = store.view(run, call.now);
  const mapIndex = Number(call.query.map_index ?? -1);
  const task = view.tasks.find((candidate) =>
    candidate.task.task_id === params.task_id && candidate.mapIndex === mapIndex
  );
  if (!task) return problem(404, "Task instance did not exist in the DB");
  const tryNumber = Number(params.task_try_number);
  const attempt = task.started.find((candidate) => candidate.try_number === tryNumber);
  const lines = attempt
    ? logLines(task.task, attempt).filter((line) => line.at <= view.at).map(text)
    : [];
  const running = task.current?.try_number === tryNumber &&
    (task.state === "running" || task.state === "deferred");
  if ((call.accept ?? "").toLowerCase().startsWith("text/plain")) {
    return new Response(lines.map((line) => `${line}\n`).join(""), {
      headers: { "content-type": "text/plain" },
    });
  }
  const from = call.query.full_content === true ? 0 : readToken(call.query.token)?.log_pos ?? 0;
  const metadata = { end_of_log: !running, log_pos: lines.length };
  const token = `${base64url(JSON.stringify(metadata))}.${base64url("fake-signature")}`;
  const shown = lines.slice(from).map((line) => `${line}\n`).join("");
  return new Response(
    JSON.stringify({
      content: `[(${pythonRepr(HOST)}, ${pythonRepr(shown)})]`,
      continuation_token: token,
    }),
    { headers: { "content-type": "application/json" } },
  );
}
