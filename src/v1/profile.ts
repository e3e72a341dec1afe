/**
 * What `/api/v1` does differently from `/api/v2`, as data for the shared core.
 *
 * @module
 */
import type { ApiProfile } from "../core/client.ts";

/**
 * The `/api/v1` profile: a username and password go as HTTP Basic on every request (Airflow 2
 * has no token endpoint); a token, fixed or from a function, goes as a bearer token.
 *
 * {@link AirflowV1} uses it for you; build a core with it yourself to bundle only the namespaces
 * you use.
 *
 * @example A small bundle: one namespace on a bare core
 * ```ts
 * import { ApiClient } from "@airflowkit/client";
 * import { DagRuns, V1_PROFILE } from "@airflowkit/client/v1";
 *
 * const core = new ApiClient(
 *   { baseUrl: "http://localhost:8080", auth: { username: "admin", password: "secret" } },
 *   V1_PROFILE,
 * );
 * const run = await new DagRuns(core).trigger("etl", {});
 * console.log(run.state);
 * ```
 */
export const V1_PROFILE: ApiProfile = { passwordScheme: "basic" };
