/**
 * The bare core and the namespaces of Airflow 3's client, for bundles that should carry only
 * what they use: a Worker that triggers runs builds {@link AirflowCore} and {@link DagRuns}
 * alone, and the bundler leaves every other namespace, and its schemas, out.
 *
 * @example A Worker that triggers a run and waits for it
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
export type * from "../../mod.ts";
