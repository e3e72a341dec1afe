/**
 * The Airflow 3 client (`/api/v2`).
 *
 * @module
 */
import { ApiClient } from "../core/client.ts";
import type { ClientOptions } from "../core/options.ts";
import { DagRuns } from "./dag_runs.ts";
import { ApiNamespaces } from "./generated/resources.ts";
import { V2_PROFILE } from "./profile.ts";
import { TaskInstances } from "./task_instances.ts";
import { Variables } from "./variables.ts";

/**
 * A client for Airflow 3's REST API (`/api/v2`; Airflow 3.0, 3.1 and 3.2). Every operation is a
 * method of a namespace (`airflow.dags`, `airflow.dagRuns`, …) and is also reachable with
 * {@link ApiNamespaces.request} by its method and path.
 *
 * Credentials are held privately: they never appear in `JSON.stringify`, `console.log` or error
 * messages.
 *
 * @example Listing failed runs across all DAGs
 * ```ts
 * import { Airflow } from "@airflowkit/client";
 *
 * const airflow = new Airflow({
 *   baseUrl: "http://localhost:8080",
 *   auth: { username: "admin", password: "secret" },
 * });
 * for await (const run of airflow.dagRuns.list("~", { state: ["failed"] })) {
 *   console.log(run.dag_id, run.dag_run_id);
 * }
 * ```
 */
export class Airflow extends ApiNamespaces {
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
    const core = new ApiClient(options, V2_PROFILE);
    super(core);
    this.dagRuns = new DagRuns(core);
    this.taskInstances = new TaskInstances(core);
    this.variables = new Variables(core);
  }
}
