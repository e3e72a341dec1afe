/**
 * The client for Airflow 2's REST API (`/api/v1`): MWAA, Cloud Composer 2 and self-hosted 2.x.
 * It shares everything with the Airflow 3 client but the data: the same core, errors, retries,
 * paging and validation, generated from the 2.10 spec by the same generator.
 *
 * - {@link AirflowV1}: every `/api/v1` operation as a namespace method and by route.
 * - A username and password go as HTTP Basic; a token, fixed or from an async function (Google's
 *   for Composer, MWAA's web token), as a bearer token.
 * - `dagRuns.wait` polls; `taskInstances.logs` reads pages until `end_of_log`.
 * - Not sure which Airflow a server runs? `connect()` from `@airflowkit/client` asks it.
 *
 * @example Trigger a run on Airflow 2 and wait for it
 * ```ts
 * import { AirflowV1 } from "@airflowkit/client/v1";
 *
 * const airflow = new AirflowV1({
 *   baseUrl: "http://localhost:8080",
 *   auth: { username: "admin", password: "secret" },
 * });
 * const run = await airflow.dagRuns.trigger("etl", { conf: { day: "2026-11-20" } });
 * const { run: done } = await airflow.dagRuns.wait("etl", run.dag_run_id!);
 * console.log(done.state);
 * ```
 *
 * @module
 */
export { AirflowV1 } from "./generated/resources.ts";
export type * from "./generated/resources.ts";
export type { AirflowCore } from "../core/client.ts";
export type { ClientBase, ClientSummary } from "../core/display.ts";
export type * from "./generated/types.ts";
