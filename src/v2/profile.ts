/**
 * What `/api/v2` does differently from `/api/v1`, as data for the shared core.
 *
 * @module
 */
import type { ApiProfile } from "../core/client.ts";

/**
 * The `/api/v2` profile: passwords are exchanged for JWTs at `POST /auth/token`.
 *
 * {@link Airflow} uses it for you. Build a core with it yourself when a bundle should carry only
 * the namespaces it uses, as in a Worker that only triggers runs: bundlers then drop every other
 * namespace and its schemas.
 *
 * @example A small bundle: one namespace on a bare core
 * ```ts
 * import { ApiClient, DagRuns, V2_PROFILE } from "@airflowkit/client";
 *
 * const core = new ApiClient({ baseUrl: "http://localhost:8080", auth: { token: "…" } }, V2_PROFILE);
 * const dagRuns = new DagRuns(core);
 * const run = await dagRuns.trigger("etl");
 * const { run: done } = await dagRuns.wait("etl", run.dag_run_id);
 * console.log(done.state);
 * ```
 */
export const V2_PROFILE: ApiProfile = { passwordScheme: "jwt", tokenPath: "/auth/token" };
