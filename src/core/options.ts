/**
 * Options of the client and of each call, and their checks: a client's are checked when it is
 * built, a call's before anything is sent.
 *
 * @module
 */
import { AirflowError, type FieldIssue, type ResponseValidationError } from "./errors.ts";
import type { Middleware } from "./middleware.ts";
import { minorVersion } from "./server_version.ts";
import { describeValue } from "./wire.ts";
import { Redactor } from "./redaction.ts";

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
  /**
   * Milliseconds each attempt may take, body included. Default 60 000. Long operations (waiting
   * for a run, following a log) bound each of their requests with it; `totalTimeout` bounds the
   * whole operation.
   */
  timeout?: number;
  /** Aborts the call, a backoff wait included. */
  signal?: AbortSignal;
  /** How many times a failed attempt is retried. Default 2. */
  maxRetries?: number;
  /** Retry POST and PATCH too. They are not retried by default because they may not be idempotent. */
  retryNonIdempotent?: boolean;
  /** Extra headers for the request; a call's are added to the client's, name by name. */
  headers?: HeadersInput;
  /**
   * The most bytes an answer's body may have once decoded; a larger one fails with a
   * `ResponseValidationError` and is not read further. Default 64 MiB.
   */
  maxResponseBytes?: number;
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
   * Follow redirects to another origin. Default `false`: such a redirect fails the call with an
   * `APIError` that says where it led, since a client that follows them can be sent to fetch
   * internal addresses. With `true`, they are followed without any credential header, and not
   * at all when the request has a body.
   */
  crossOriginRedirects?: boolean;
  /**
   * The server's Airflow version, such as `"3.1.8"`, when you know it; `connect()` asks the
   * server and sets it. With it, body fields that the server's version does not accept
   * (Airflow refuses unknown fields) are refused before sending, with the version they need.
   * Without it, the server's refusal is explained the same way.
   */
  serverVersion?: string;
}

/** Defaults of the request options. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default of `maxRetries`. */
export const DEFAULT_MAX_RETRIES = 2;
/** Default of `maxRetryDelay`. */
export const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;

/** The longest delay `setTimeout` takes; a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A client's options, checked and resolved. */
export interface ClientSettings {
  /** Base URL without a trailing slash. */
  baseUrl: string;
  /** The request options every call starts from. */
  defaults: RequestOptions & { maxRetryDelay?: number };
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** Whether `fetch` is the caller's own, which may not honour its signal. */
  fetchInjected: boolean;
  /** `options.headers` with lower-case names. */
  headers: Record<string, string>;
  /** The names of the headers that carry credentials: the usual ones, and those of `headers`. */
  credentialHeaders: Set<string>;
  /** The credentials in `options.headers`, scrubbed from what comes back like the others. */
  headerSecrets: string[];
  crossOriginRedirects: boolean;
  maxConcurrency?: number;
  middleware: Middleware[];
  /** The server's Airflow version, when given, and its `major.minor`. */
  serverVersion?: string;
  serverMinor?: [number, number];
  validateRequests: boolean;
  validateResponses: ResponseValidation;
}

/** Checks a client's options; throws an `AirflowError` naming the first problem. */
export function checkClientOptions(options: ClientOptions): ClientSettings {
  if (options === null || typeof options !== "object") {
    throw new AirflowError("options are required, such as { baseUrl, auth }");
  }
  const baseUrl = checkBaseUrl(options.baseUrl);
  checkAuth(options.auth);
  const issues = requestOptionIssues(options);
  if (issues.length > 0) {
    throw new AirflowError(issues.map((issue) => `${issue.path} ${issue.message}`).join("; "));
  }
  const headers = headersOf(options.headers, "options.headers");
  const credentials = credentialHeaderNames(headers);
  return {
    baseUrl,
    defaults: options,
    fetch: fetchFor(options.fetch),
    fetchInjected: options.fetch !== undefined,
    headers,
    credentialHeaders: credentials,
    headerSecrets: Object.entries(headers).filter(([name]) => credentials.has(name))
      .flatMap(([name, value]) => Redactor.secretsIn(name, value)),
    crossOriginRedirects: options.crossOriginRedirects === true,
    maxConcurrency: checkMaxConcurrency(options.maxConcurrency),
    middleware: checkMiddleware(options.middleware),
    serverVersion: options.serverVersion,
    serverMinor: options.serverVersion === undefined
      ? undefined
      : checkServerVersion(options.serverVersion),
    validateRequests: options.validateRequests !== false,
    validateResponses: options.validateResponses ?? true,
  };
}

/** Problems with the numeric and signal options a call or a client may set. */
export function requestOptionIssues(
  options: RequestOptions & { maxRetryDelay?: number },
): FieldIssue[] {
  const signal = options.signal;
  return [
    ...boundedNumberIssues("timeout", options.timeout, 1, false),
    ...boundedNumberIssues("maxRetryDelay", options.maxRetryDelay, 0, false),
    ...boundedNumberIssues("maxRetries", options.maxRetries, 0, true),
    ...(options.maxResponseBytes === undefined ||
        (Number.isSafeInteger(options.maxResponseBytes) && options.maxResponseBytes >= 1)
      ? []
      : [{
        path: "options.maxResponseBytes",
        message: `must be a whole number of bytes >= 1, got ${
          describeValue(options.maxResponseBytes)
        }`,
      }]),
    ...(signal === undefined || signal instanceof AbortSignal ? [] : [{
      path: "options.signal",
      message: `must be an AbortSignal, got ${describeValue(signal)}`,
    }]),
  ];
}

/**
 * Problems with an option that must be a number from `minimum` up to what a timer can hold (a
 * whole number if `whole`), if given.
 */
export function boundedNumberIssues(
  name: string,
  value: unknown,
  minimum: number,
  whole: boolean,
): FieldIssue[] {
  const valid = value === undefined || (typeof value === "number" &&
    (whole ? Number.isInteger(value) : Number.isFinite(value)) && value >= minimum &&
    value <= MAX_TIMER_MS);
  return valid ? [] : [{
    path: `options.${name}`,
    message: `must be a ${whole ? "whole " : ""}number from ${minimum} to ${MAX_TIMER_MS}, ` +
      `got ${describeValue(value)}`,
  }];
}

/** Headers that always carry credentials. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];
/**
 * Header names that say they carry a credential: `X-API-Key`, `Ocp-Apim-Subscription-Key`,
 * `X-Auth-Token`, a session, a signature.
 */
const CREDENTIAL_NAME = /key|token|secret|session|passw(or)?d|auth|cookie|signature|credential/i;

/** The names of the headers, among the usual ones and `headers`, that carry credentials. */
export function credentialHeaderNames(headers: Record<string, string>): Set<string> {
  return new Set([
    ...CREDENTIAL_HEADERS,
    ...Object.keys(headers).filter((name) => CREDENTIAL_NAME.test(name)),
  ]);
}

/**
 * Headers as a record with lower-case names; a value a header cannot carry is refused without
 * being quoted, since it may be a credential.
 */
export function headersOf(input: HeadersInput | undefined, where: string): Record<string, string> {
  try {
    const headers = Object.fromEntries(new Headers(input));
    // `Headers` takes any Latin-1 text, which goes out as raw bytes: only visible ASCII is sure
    // to reach the server, and to be recognised when it comes back.
    if (!Object.values(headers).every((value) => /^[\t\x20-\x7e]*$/.test(value))) throw 0;
    return headers;
  } catch {
    throw new AirflowError(
      `${where} has a name or value an HTTP header cannot carry (a line break, NUL or non-ASCII)`,
    );
  }
}

/**
 * The function requests go through. The global `fetch` is called with the URL and init, because
 * building a `Request` first costs as much as the rest of the client's work on a small call;
 * an injected `fetch` gets the `Request` its type promises.
 */
function fetchFor(
  injected: FetchLike | undefined,
): (url: string, init: RequestInit) => Promise<Response> {
  if (injected !== undefined) {
    if (typeof injected !== "function") throw new AirflowError("options.fetch must be a function");
    return (url, init) => injected.call(undefined, new Request(url, init));
  }
  const global = globalThis.fetch;
  if (typeof global !== "function") throw new AirflowError("no global fetch: pass options.fetch");
  return (url, init) => global(url, init);
}

function checkBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== "string" || baseUrl.length === 0) {
    throw new AirflowError('options.baseUrl is required, such as "http://localhost:8080"');
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // However it is misspelt, a URL may hold a password: it is not shown.
    throw new AirflowError("options.baseUrl is not a valid URL");
  }
  if (url.username || url.password) {
    throw new AirflowError(
      "options.baseUrl must not contain credentials; pass them as options.auth",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AirflowError(`options.baseUrl must be http or https, got ${url.protocol}`);
  }
  if (url.search || url.hash || /[?#]/.test(baseUrl)) {
    throw new AirflowError("options.baseUrl must not have a query or fragment (`?` or `#`)");
  }
  return url.href.replace(/\/+$/, "");
}

function checkAuth(auth: unknown): void {
  if (auth === undefined) return;
  const candidate = auth as Record<string, unknown>;
  if (candidate !== null && typeof candidate === "object") {
    if ("token" in candidate) {
      const token = candidate.token;
      if ((typeof token === "string" && token.length > 0) || typeof token === "function") return;
      throw new AirflowError("options.auth.token must be a non-empty string or a function");
    }
    if (typeof candidate.username === "string" && candidate.username.length > 0) {
      if (typeof candidate.password === "string") return;
      throw new AirflowError("options.auth.password must be a string");
    }
  }
  throw new AirflowError(
    "options.auth must be { username, password } or { token }, or left out",
  );
}

function checkMaxConcurrency(value: unknown): number | undefined {
  if (value === undefined || value === Infinity) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= 1) return value;
  throw new AirflowError(
    `options.maxConcurrency must be a whole number >= 1, got ${describeValue(value)}`,
  );
}

function checkMiddleware(value: unknown): Middleware[] {
  if (value === undefined) return [];
  const valid = Array.isArray(value) &&
    value.every((item) =>
      item !== null && typeof item === "object" &&
      ["onRequest", "onResponse", "onError"].every((hook) =>
        item[hook] === undefined || typeof item[hook] === "function"
      )
    );
  if (!valid) {
    throw new AirflowError(
      "options.middleware must be an array of { onRequest?, onResponse?, onError? } functions",
    );
  }
  return value;
}

function checkServerVersion(version: unknown): [number, number] {
  const parsed = typeof version === "string" ? minorVersion(version) : undefined;
  if (!parsed) {
    throw new AirflowError(
      `options.serverVersion must be an Airflow version such as "3.1.8", got ${
        describeValue(version)
      }`,
    );
  }
  return parsed;
}
