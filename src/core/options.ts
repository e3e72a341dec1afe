/**
 * Options of the client and of each call.
 *
 * @module
 */
import type { ResponseValidationError } from "./errors.ts";
import type { Middleware } from "./middleware.ts";

/** A `fetch`-compatible function; the client calls it unbound. */
export type FetchLike = (input: Request) => Promise<Response>;

/**
 * Extra request headers: a `Headers` object, a plain object or a list of pairs. The same as the
 * web platform's `HeadersInit`, spelled out so that Node projects without the DOM library can
 * use the declarations.
 */
export type HeadersInput = Headers | Record<string, string> | [string, string][];

/** A source of bearer tokens: a fixed token or a function that returns a fresh one. */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * How the client authenticates.
 *
 * - `{ username, password }`: Airflow 3 mints a JWT at `POST /auth/token`; the client caches it
 *   and mints again shortly before it expires, or once after a 401.
 * - `{ token }`: a bearer token, fixed or from an async function (Cloud Composer, MWAA, Astro).
 */
export type AuthOptions =
  | { username: string; password: string }
  | { token: TokenSource };

/** What happens when a response does not match its schema. */
export type ResponseValidation =
  | boolean
  | ((error: ResponseValidationError) => void);

/** Options shared by the client and each call; a call's value wins. */
export interface RequestOptions {
  /** Milliseconds each attempt may take, body included. Default 60 000. */
  timeout?: number;
  /** Aborts the call, a backoff wait included. */
  signal?: AbortSignal;
  /** How many times a failed attempt is retried. Default 2. */
  maxRetries?: number;
  /** Retry POST and PATCH too. They are not retried by default because they may not be idempotent. */
  retryNonIdempotent?: boolean;
  /** Extra headers for the request. */
  headers?: HeadersInput;
}

/** Options of the client. */
export interface ClientOptions extends RequestOptions {
  /** Where Airflow is served, such as `https://airflow.example.com`. No credentials in it. */
  baseUrl: string;
  /** Credentials; omit for an Airflow that needs none. */
  auth?: AuthOptions;
  /** The `fetch` to use. Default: the global `fetch`. */
  fetch?: FetchLike;
  /**
   * Checks every response against its schema: `true` (default) throws a
   * `ResponseValidationError` on a mismatch, `false` skips the check, and a function receives
   * the error instead, while the call returns the body as received.
   */
  validateResponses?: ResponseValidation;
  /**
   * Checks query parameters and the body against the schemas before sending, and refuses query
   * names the operation does not have. Default `true`. Path parameters are always checked.
   */
  validateRequests?: boolean;
  /**
   * Longest wait before a retry, in milliseconds: caps both a server's `Retry-After` and the
   * backoff. Default 60 000.
   */
  maxRetryDelay?: number;
  /**
   * Most requests this client has in flight at once; the others wait their turn, in order.
   * Airflow's API server slows down for everyone when one client floods it. A request holds its
   * slot until its body is read; a stream (a run's `/wait`, a followed log) until its headers
   * arrive. A wait for a slot counts toward no timeout, but the call's `signal` ends it.
   * Default: no cap.
   */
  maxConcurrency?: number;
  /** Hooks that see every attempt, with credentials redacted. */
  middleware?: Middleware[];
  /**
   * The server's Airflow version, such as `"3.1.8"`, when you know it; `connect()` asks the
   * server and sets it. With it, body fields that the server's version does not accept
   * (Airflow refuses unknown fields) are refused before sending, with the version they need.
   * Without it, the server's refusal is explained the same way.
   */
  serverVersion?: string;
}
