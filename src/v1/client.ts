/**
 * The Airflow 2 client (`/api/v1`).
 *
 * @module
 */
import { ApiClient } from "../core/client.ts";
import type { ClientOptions } from "../core/options.ts";
import { DagRuns } from "./dag_runs.ts";
import { ApiNamespaces } from "./generated/resources.ts";
import { V1_PROFILE } from "./profile.ts";
import { TaskInstances } from "./task_instances.ts";
import { Variables } from "./variables.ts";

/**
 * A client for Airflow 2's REST API (`/api/v1`; Airflow 2.x, MWAA, Cloud Composer 2). The same
 * core as {@link https://jsr.io/@airflowkit/client/doc/~/Airflow | Airflow}: every operation as a
 * namespace method and by route, the same errors, retries, paging and validation. A username and
 * password go as HTTP Basic; a token, fixed or from a function, as a bearer token.
 *
 * Credentials are held privately: they never appear in `JSON.stringify`, `console.log` or error
 * messages.
 *
 * @example Failed runs across all DAGs, on Airflow 2
 * ```ts
 * import { AirflowV1 } from "@airflowkit/client/v1";
 *
 * const airflow = new AirflowV1({
 *   baseUrl: "http://localhost:8080",
 *   auth: { username: "admin", password: "secret" },
 * });
 * for await (const run of airflow.dagRuns.list("~", { state: ["failed"] })) {
 *   console.log(run.dag_id, run.dag_run_id);
 * }
 * ```
 */
export class AirflowV1 extends ApiNamespaces {
  /** Dag runs, including {@link DagRuns.wait} and {@link DagRuns.watch}. */
  override readonly dagRuns: DagRuns;
  /** Task instances, including live {@link TaskInstances.logs}. */
  override readonly taskInstances: TaskInstances;
  /** Variables, including {@link Variables.set}. */
  override readonly variables: Variables;

  /**
   * Creates a client. Nothing is sent until the first call.
   *
   * @param options Where Airflow is and how to call it; checked at once.
   */
  constructor(options: ClientOptions) {
    const core = new ApiClient(options, V1_PROFILE);
    super(core);
    this.dagRuns = new DagRuns(core);
    this.taskInstances = new TaskInstances(core);
    this.variables = new Variables(core);
  }
}
