/**
 * What a client shows of itself: its base URL and the kind of credentials, never their value,
 * in `JSON.stringify`, `String()` and `console.log` on every runtime.
 *
 * @module
 */
import type { AirflowCore } from "./client.ts";

/** The key of Deno's custom `inspect` hook. */
export const INSPECT_DENO: unique symbol = Symbol.for("Deno.customInspect") as never;
/** The key of Node's and Bun's custom `inspect` hook. */
export const INSPECT_NODE: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

/** What `JSON.stringify` shows of a client. */
export interface ClientSummary {
  /** The base URL requests go to. */
  baseUrl: string;
  /** The kind of credentials configured: `password`, `token` or `none`. */
  auth: string;
}

/** `Airflow(http://localhost:8080, auth: token)`. */
export function describeClient(name: string, core: AirflowCore): string {
  return `${name}(${core.baseUrl}, auth: ${core.authKind})`;
}
