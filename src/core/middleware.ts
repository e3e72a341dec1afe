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
import { type AirflowError, MiddlewareError } from "./errors.ts";

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

const REDACTED = "[redacted]";
const REQUEST_CREDENTIALS = ["authorization", "cookie", "proxy-authorization"];

/** Runs the hooks of a client's middleware list, keeping credentials out of their reach. */
export class MiddlewareChain {
  readonly #middleware: readonly Middleware[];
  readonly #secrets: () => string[];

  /**
   * @param middleware The hooks, in order.
   * @param secrets Every credential the client knows of, scrubbed from whatever hooks see.
   */
  constructor(middleware: readonly Middleware[], secrets: () => string[]) {
    this.#middleware = middleware;
    this.#secrets = secrets;
  }

  /** Whether there are hooks at all; when not, the client skips building what they would see. */
  get empty(): boolean {
    return this.#middleware.length === 0;
  }

  /** Runs `onRequest` hooks; returns `headers` with the hooks' changes, credentials kept. */
  async request(
    event: Omit<MiddlewareRequest, "headers">,
    headers: Record<string, string>,
  ): Promise<Record<string, string>> {
    const shown = this.#scrub(new Headers(headers), REQUEST_CREDENTIALS);
    const before = Object.fromEntries(shown);
    for (const middleware of this.#middleware) {
      await run("onRequest", () => middleware.onRequest?.({ ...event, headers: shown }));
    }
    const sent: Record<string, string> = {};
    for (const [name, value] of shown) {
      if (REQUEST_CREDENTIALS.includes(name)) continue;
      sent[name] = value === before[name] ? headers[name] : value;
    }
    for (const name of REQUEST_CREDENTIALS) if (headers[name]) sent[name] = headers[name];
    return sent;
  }

  /** Runs `onResponse` hooks. */
  async response(event: Omit<MiddlewareResponse, "headers">, headers: Headers): Promise<void> {
    const shown = this.#scrub(new Headers(headers), ["set-cookie"]);
    for (const middleware of this.#middleware) {
      await run("onResponse", () => middleware.onResponse?.({ ...event, headers: shown }));
    }
  }

  /** Runs `onError` hooks. */
  async failure(event: MiddlewareFailure): Promise<void> {
    for (const middleware of this.#middleware) {
      await run("onError", () => middleware.onError?.(event));
    }
  }

  #scrub(headers: Headers, names: readonly string[]): Headers {
    const secrets = this.#secrets().filter((secret) => secret.length >= 4);
    for (const [name, value] of [...headers]) {
      if (names.includes(name)) headers.set(name, REDACTED);
      else if (secrets.some((secret) => value.includes(secret))) {
        headers.set(
          name,
          secrets.reduce((text, secret) => text.replaceAll(secret, REDACTED), value),
        );
      }
    }
    return headers;
  }
}

async function run(hook: string, call: () => void | Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    throw new MiddlewareError(`middleware ${hook} failed: ${String(error)}`, { cause: error });
  }
}
