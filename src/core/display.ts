/**
 * What a client shows of itself: its base URL and the kind of credentials, never their value,
 * in `JSON.stringify`, `String()` and `console.log` on every runtime.
 *
 * @module
 */
import type { AirflowCore } from "./client.ts";

const INSPECT_DENO = Symbol.for("Deno.customInspect");
const INSPECT_NODE = Symbol.for("nodejs.util.inspect.custom");

/** What `JSON.stringify` shows of a client. */
export interface ClientSummary {
  /** The base URL requests go to. */
  baseUrl: string;
  /** The kind of credentials configured: `password`, `token` or `none`. */
  auth: string;
}

/**
 * What every client class shows of itself; `Airflow` and `AirflowV1` extend it. (A base class,
 * so that the symbol-keyed inspect hooks, which bundlers cannot drop, stay out of the classes
 * that hold the namespaces.)
 *
 * @example
 * ```ts
 * import { Airflow } from "@airflowkit/client";
 *
 * const airflow = new Airflow({ baseUrl: "http://localhost:8080", auth: { token: "secret" } });
 * console.log(String(airflow)); // Airflow(http://localhost:8080, auth: token)
 * console.log(JSON.stringify(airflow)); // {"baseUrl":"http://localhost:8080","auth":"token"}
 * ```
 */
export class ClientBase {
  readonly #core: AirflowCore;
  readonly #label: string;

  /**
   * Wraps a core for display.
   *
   * @param core The client core.
   * @param label The client's name in `String()`, such as `Airflow`.
   */
  constructor(core: AirflowCore, label: string) {
    this.#core = core;
    this.#label = label;
  }

  /** The base URL requests go to. */
  get baseUrl(): string {
    return this.#core.baseUrl;
  }

  /** The server's Airflow version, when stated in the options or learned by `connect()`. */
  get serverVersion(): string | undefined {
    return this.#core.serverVersion;
  }

  /** A safe summary for `JSON.stringify`: the base URL and the kind of credentials. */
  toJSON(): ClientSummary {
    return { baseUrl: this.#core.baseUrl, auth: this.#core.authKind };
  }

  /** The same summary for `String()` and template strings. */
  toString(): string {
    return `${this.#label}(${this.#core.baseUrl}, auth: ${this.#core.authKind})`;
  }

  /** Shown by `Deno.inspect` and `console.log` in Deno. */
  [INSPECT_DENO](): string {
    return this.toString();
  }

  /** Shown by `util.inspect` and `console.log` in Node and Bun. */
  [INSPECT_NODE](): string {
    return this.toString();
  }
}
