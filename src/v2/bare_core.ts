/**
 * The bare core of Airflow 3's client, its namespaces, every method as a function, and the error
 * classes, for bundles that should carry only what they use. A function such as
 * {@link dagRunsTrigger} (for `airflow.dagRuns.trigger`) takes the core first and brings only
 * its own operation and checks; a namespace such as {@link DagRuns} brings all of its
 * operations. The bundler leaves the rest out.
 *
 * @example A Worker that triggers a run and waits for it, with functions
 * ```ts
 * import { AirflowCore, dagRunsTrigger, dagRunsWait } from "@airflowkit/client/core";
 *
 * const core = new AirflowCore({ baseUrl: "http://localhost:8080", auth: { token: "t" } });
 * const run = await dagRunsTrigger(core, "etl", { conf: {} });
 * const { run: done } = await dagRunsWait(core, "etl", run.dag_run_id, {
 *   totalTimeout: 25_000,
 * });
 * console.log(done.state);
 * ```
 *
 * @example The same with one namespace
 * ```ts
 * import { AirflowCore, DagRuns } from "@airflowkit/client/core";
 *
 * const core = new AirflowCore({ baseUrl: "http://localhost:8080", auth: { token: "t" } });
 * const dagRuns = new DagRuns(core);
 * const run = await dagRuns.trigger("etl", { conf: {} });
 * const { run: done } = await dagRuns.wait("etl", run.dag_run_id, { totalTimeout: 25_000 });
 * console.log(done.state);
 * ```
 *
 * @module
 */
export { AirflowCore } from "../core/client.ts";
export {
  Assets,
  Auth,
  Backfills,
  ConfigNamespace,
  Connections,
  DagParsing,
  DagReports,
  DagRuns,
  Dags,
  DagSources,
  DagStats,
  DagVersions,
  DagWarnings,
  EventLogs,
  HitlDetails,
  ImportErrors,
  Jobs,
  Monitor,
  Plugins,
  Pools,
  Providers,
  TaskInstances,
  Tasks,
  Variables,
  Version,
  Xcoms,
} from "./generated/resources.ts";
export * from "./generated/functions.ts";
export {
  AirflowError,
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  isAirflowError,
  MiddlewareError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
  UnprocessableEntityError,
} from "../core/errors.ts";
export type * from "../../mod.ts";
