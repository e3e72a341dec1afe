/**
 * The `taskInstances` namespace: every generated operation, plus live logs.
 *
 * @module
 */
import type { ApiClient } from "../core/client.ts";
import { TaskInstancesApi } from "./generated/resources.ts";
import { type LogLine, type LogOptions, streamLog } from "./log_stream.ts";

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
   * keeps reading until the try has finished, like `tail -f`. Leaving the loop early, or
   * aborting, closes the stream.
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
  ): AsyncGenerator<LogLine, void, undefined> {
    return streamLog(this.#core, dagId, dagRunId, taskId, tryNumber, options);
  }
}
