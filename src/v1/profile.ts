/**
 * How `/api/v1` authenticates, as data for the shared core.
 *
 * @module
 */
import type { VersionProfile } from "../core/client.ts";

/**
 * A username and password go as HTTP Basic on every request (Airflow 2 has no token endpoint);
 * a token, fixed or from a function, goes as a bearer token.
 */
export const V1_PROFILE: VersionProfile = { passwordScheme: "basic" };
