/**
 * Task instances on `/api/v1`, with live logs.
 *
 * @module
 */
import type { ApiClient } from "../core/client.ts";
import {
  type LogDialect,
  type LogOptions,
  type LogStream,
  streamLog,
  taskInstancePath,
} from "../core/log_stream.ts";
import * as op from "./generated/operations.ts";
import { TaskInstancesApi } from "./generated/resources.ts";
import type { TaskInstance } from "./generated/types.ts";
import { endOfLog, logText, splitLines } from "./log_content.ts";

/**
 * Airflow 2's logs: JSON pages read with the continuation token until its `end_of_log`, or the
 * whole log streamed as plain text (which has no token: every read starts from the first line).
 * A token this client cannot read ends the log after its page.
 */
const V1_LOGS: LogDialect = {
  getLog: op.getLog,
  stream: { format: "text", accept: "text/plain" },
  defaultFormat: "json",
  jsonResumes: () => true,
  async readPage(page) {
    const { content, continuation_token } = page as {
      content?: string;
      continuation_token?: string;
    };
    const next = continuation_token || undefined;
    const lines = splitLines(logText(content ?? "")).map((event) => ({ event }));
    return { lines, next, ended: (await endOfLog(next)) ?? true };
  },
  async tryState(core, target, call) {
    const [dagId, dagRunId, taskId, tryNumber] = target.path;
    const mapped = target.mapIndex !== -1;
    const attempt = await core.invoke<TaskInstance>(
      mapped ? op.getMappedTaskInstanceTryDetails : op.getTaskInstanceTryDetails,
      {
        path: mapped
          ? [dagId, dagRunId, taskId, target.mapIndex, tryNumber]
          : [dagId, dagRunId, taskId, tryNumber],
      },
      call,
    );
    return attempt.state;
  },
  taskInstance(core, target, call) {
    const operation = target.mapIndex === -1 ? op.getTaskInstance : op.getMappedTaskInstance;
    return core.invoke<TaskInstance>(operation, { path: taskInstancePath(target) }, call);
  },
};

/** Task instances: the operations of {@link TaskInstancesApi}, plus {@link TaskInstances.logs}. */
export class TaskInstances extends TaskInstancesApi {
  readonly #core: ApiClient;

  /**
   * Binds the namespace to a client core; {@link AirflowV1} does this for you.
   *
   * @param core The client core that sends the requests.
   */
  constructor(core: ApiClient) {
    super(core);
    this.#core = core;
  }

  /**
   * A try's log, line by line. By default it reads JSON pages with the continuation token until
   * Airflow says the log is complete (`end_of_log`); `format: "text"` streams it as plain text.
   * With `follow`, it waits for a try that has not started and reads on until the try ends.
   *
   * @example
   * ```ts
   * const lines = airflow.taskInstances.logs(
   *   "etl",
   *   "manual__2026-11-20T10:00:00+00:00",
   *   "extract",
   *   1,
   *   { follow: true },
   * );
   * for await (const line of lines) console.log(line.event);
   * ```
   */
  logs(
    dagId: string,
    dagRunId: string,
    taskId: string,
    tryNumber: number,
    options?: LogOptions,
  ): LogStream {
    return streamLog(this.#core, V1_LOGS, dagId, dagRunId, taskId, tryNumber, options);
  }
}
