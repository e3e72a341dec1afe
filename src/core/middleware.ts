/**
 * Middleware: hooks that see every request the client sends and every answer or failure, for
 * logging, metrics and tracing. What they are given has its credentials redacted.
 *
 * @example Logging every attempt and adding a trace header
 * ```ts
 * import { Airflow } from "@airflowkit/client";
 *
 * const airflow = new Airflow({
 *   baseUrl: "http://localhost:8080",
 *   auth: { token: "t" },
 *   middleware: [{
 *     onRequest(request) {
 *       request.headers.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
 *       console.log(request.method, request.url, request.headers.get("authorization")); // [redacted]
 *     },
 *     onResponse(response) {
 *       console.log(response.status, `${response.milliseconds.toFixed(1)} ms`);
 *     },
 *     onError(failure) {
 *       console.warn(`attempt ${failure.attempt} failed: ${failure.error.message}`);
 *     },
 *   }],
 * });
 * ```
 *
 * @module
 */
import { untilAborted } from "./abort.ts";
import { type AirflowError, MiddlewareError } from "./errors.ts";
import type { Redactor } from "./redaction.ts";

/** What middleware sees of a request about to be sent. */
export interface MiddlewareRequest {
  /** Operation id, such as `get_dag`. */
  operationId: string;
  /** HTTP method. */
  method: string;
  /** The URL about to be called (after a redirect, the redirect's target). */
  url: string;
  /**
   * The headers about to be sent, as a copy. Headers set or deleted here are sent that way,
   * except credentials: `authorization`, `cookie` and `proxy-authorization` show as `[redacted]`
   * and the client sends its own.
   */
  headers: Headers;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
}

/** What middleware sees of an answer: its status and headers, before the body is read. */
export interface MiddlewareResponse {
  /** Operation id, such as `get_dag`. */
  operationId: string;
  /** HTTP method. */
  method: string;
  /** The URL that answered. */
  url: string;
  /** HTTP status. */
  status: number;
  /** Response headers, as a copy, with `set-cookie` redacted. */
  headers: Headers;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
  /** Milliseconds from sending to the headers' arrival. */
  milliseconds: number;
}

/** What middleware sees of an attempt that got no usable answer. */
export interface MiddlewareFailure {
  /** Operation id, such as `get_dag`. */
  operationId: string;
  /** HTTP method. */
  method: string;
  /** The URL called. */
  url: string;
  /** Why the attempt failed: a connection error, a timeout or an abort. */
  error: AirflowError;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
  /** Milliseconds from sending to the failure. */
  milliseconds: number;
}

/**
 * Hooks called around every attempt, redirects and retries included, in the order given. A hook
 * that throws fails the call with a `MiddlewareError` whose cause is what it threw.
 */
export interface Middleware {
  /** Called before each request is sent. */
  onRequest?(request: MiddlewareRequest): void | Promise<void>;
  /** Called when an answer's headers arrive, whatever its status. */
  onResponse?(response: MiddlewareResponse): void | Promise<void>;
  /** Called when an attempt fails without an answer. */
  onError?(failure: MiddlewareFailure): void | Promise<void>;
}

/** Runs the hooks of a client's middleware list, keeping credentials out of their reach. */
export class MiddlewareChain {
  readonly #middleware: readonly Middleware[];
  readonly #redactor: Redactor;

  /**
   * @param middleware The hooks, in order.
   * @param redactor Scrubs every credential the client knows of from whatever hooks see.
   */
  constructor(middleware: readonly Middleware[], redactor: Redactor) {
    this.#middleware = middleware;
    this.#redactor = redactor;
  }

  /** Whether there are hooks at all; when not, the client skips building what they would see. */
  get empty(): boolean {
    return this.#middleware.length === 0;
  }

  /**
   * Runs `onRequest` hooks; returns `headers` with the hooks' changes. The headers named in
   * `credentials` are shown redacted and cannot be changed; `secrets` are the credentials the
   * request carries, scrubbed from every value shown.
   */
  async request(
    event: Omit<MiddlewareRequest, "headers">,
    headers: Record<string, string>,
    credentials: ReadonlySet<string>,
    secrets: string[],
    signal: AbortSignal,
  ): Promise<Record<string, string>> {
    const shown = this.#redactor.headers(new Headers(headers), secrets);
    for (const name of credentials) if (shown.has(name)) shown.set(name, "[redacted]");
    const before = Object.fromEntries(shown);
    const url = this.#redactor.text(event.url, secrets);
    for (const middleware of this.#middleware) {
      await run(
        "onRequest",
        signal,
        () => middleware.onRequest?.({ ...event, url, headers: shown }),
      );
    }
    const sent: Record<string, string> = {};
    for (const [name, value] of shown) {
      if (credentials.has(name)) continue;
      sent[name] = value === before[name] ? headers[name] : value;
    }
    for (const name of credentials) if (headers[name]) sent[name] = headers[name];
    return sent;
  }

  /** Runs `onResponse` hooks; `secrets` as for {@link MiddlewareChain.request}. */
  async response(
    event: Omit<MiddlewareResponse, "headers">,
    headers: Headers,
    secrets: string[],
    signal: AbortSignal,
  ): Promise<void> {
    const shown = this.#redactor.headers(headers, secrets);
    event = { ...event, url: this.#redactor.text(event.url, secrets) };
    for (const middleware of this.#middleware) {
      await run("onResponse", signal, () => middleware.onResponse?.({ ...event, headers: shown }));
    }
  }

  /** Runs `onError` hooks; `secrets` as for {@link MiddlewareChain.request}. */
  async failure(event: MiddlewareFailure, secrets: string[], signal?: AbortSignal): Promise<void> {
    event = { ...event, url: this.#redactor.text(event.url, secrets) };
    for (const middleware of this.#middleware) {
      await run("onError", signal, () => middleware.onError?.(event));
    }
  }
}

/**
 * Runs a hook under `signal`: a hook that never settles cannot hold the call past its timeout.
 * The failure hook runs once the attempt is over, under the caller's signal only.
 */
async function run(
  hook: string,
  signal: AbortSignal | undefined,
  call: () => void | Promise<void>,
): Promise<void> {
  try {
    await untilAborted(Promise.resolve().then(call), signal);
  } catch (error) {
    if (signal?.aborted && error === signal.reason) throw error;
    throw new MiddlewareError(`middleware ${hook} failed: ${String(error)}`, { cause: error });
  }
}
