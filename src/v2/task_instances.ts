/**
 * The `taskInstances` namespace: every generated operation, plus live logs.
 *
 * @module
 */
import type { ApiClient } from "../core/client.ts";
import {
  type LogDialect,
  type LogLine,
  type LogOptions,
  type LogStream,
  streamLog,
  taskInstancePath,
} from "../core/log_stream.ts";
import * as op from "./generated/operations.ts";
import { TaskInstancesApi } from "./generated/resources.ts";
import type {
  TaskInstanceHistoryResponse,
  TaskInstanceResponse,
  TaskInstancesLogResponse,
} from "./generated/types.ts";

/**
 * Airflow 3's logs: streamed NDJSON, or JSON pages of lines. Every NDJSON read returns the whole
 * log so far; a JSON read resumed from its continuation token repeats the log on 3.0.4 to 3.1
 * and fails with a 500 on 3.2.2 while the task runs, so JSON reads start from the first line too.
 */
const V2_LOGS: LogDialect = {
  getLog: op.getLog,
  stream: { format: "ndjson", accept: "application/x-ndjson" },
  defaultFormat: "ndjson",
  jsonResumes: () => false,
  readPage(page) {
    const { content, continuation_token } = page as TaskInstancesLogResponse;
    const lines = content.map((item) =>
      typeof item === "string" ? { event: item } : item as LogLine
    );
    return Promise.resolve({
      lines,
      next: continuation_token || undefined,
      ended: continuation_token === null,
    });
  },
  async tryState(core, target, call) {
    const query = { map_index: target.mapIndex };
    const args = { path: target.path, query };
    const attempt = await core.invoke<TaskInstanceHistoryResponse>(
      op.getTaskInstanceTryDetails,
      args,
      call,
    );
    return attempt.state;
  },
  taskInstance(core, target, call) {
    const operation = target.mapIndex === -1 ? op.getTaskInstance : op.getMappedTaskInstance;
    return core.invoke<TaskInstanceResponse>(operation, { path: taskInstancePath(target) }, call);
  },
};

/** Task instances: the operations of {@link TaskInstancesApi}, plus {@link TaskInstances.logs}. */
export class TaskInstances extends TaskInstancesApi {
  readonly #core: ApiClient;

  /**
   * Binds the namespace to a client core; {@link Airflow} does this for you.
   *
   * @param core The client core that sends the requests.
   */
  constructor(core: ApiClient) {
    super(core);
    this.#core = core;
  }

  /**
   * The log of one try of a task instance, line by line as it arrives. With `follow: true` it
   * keeps reading until the try has finished, like `tail -f`, and yields each line once. The
   * source-details header that opens every Airflow 3 log is not yielded: its entries are in
   * `sources`. Leaving the loop early, or aborting, closes the stream.
   *
   * @example Following a running task's log
   * ```ts
   * import { Airflow } from "@airflowkit/client";
   *
   * const airflow = new Airflow({ baseUrl: "http://localhost:8080", auth: { token: "t" } });
   * const lines = airflow.taskInstances.logs(
   *   "etl",
   *   "manual__2026-11-20T10:00:00+00:00",
   *   "extract",
   *   1,
   *   { follow: true },
   * );
   * for await (const line of lines) console.log(line.timestamp ?? "", line.event);
   * ```
   */
  logs(
    dagId: string,
    dagRunId: string,
    taskId: string,
    tryNumber: number,
    options?: LogOptions,
  ): LogStream {
    return streamLog(this.#core, V2_LOGS, dagId, dagRunId, taskId, tryNumber, options);
  }
}
