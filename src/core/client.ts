/**
 * The request loop shared by every API version: check arguments, build the request, send it
 * with authentication, timeout, retries and abort, then parse and check the answer.
 *
 * @module
 */
import { untilAborted } from "./abort.ts";
import { Authenticator } from "./auth.ts";
import {
  AirflowError,
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  type FieldIssue,
  MiddlewareError,
  RequestValidationError,
  ResponseValidationError,
} from "./errors.ts";
import { parseErrorBody } from "./error_body.ts";
import { ConcurrencyLimiter } from "./limiter.ts";
import { type Middleware, MiddlewareChain } from "./middleware.ts";
import type { Operation } from "./operation.ts";
import type { ClientOptions, FetchLike, RequestOptions } from "./options.ts";
import { type PageOptions, Paginator } from "./pagination.ts";
import { type Hop, nextHop, REDIRECT_STATUSES } from "./redirect.ts";
import { IDEMPOTENT_METHODS, RETRY_STATUSES, retryDelay, sleep } from "./retry.ts";
import { explainRefusals, minorVersion, versionIssues } from "./server_version.ts";
import { check } from "./validation.ts";
import { buildPath, buildQuery, describeValue, withIsoDates } from "./wire.ts";

/**
 * What differs between API versions, as data: how a username and password authenticate, and
 * for minted tokens, where they are minted.
 */
export type ApiProfile =
  | {
    /** Passwords are exchanged for JWTs. */
    passwordScheme: "jwt";
    /** Path of the token endpoint. */
    tokenPath: string;
  }
  | {
    /** Passwords go as HTTP Basic on every request. */
    passwordScheme: "basic";
  };

/** The arguments of one operation call. */
export interface CallArgs {
  /** Path parameters, in path order. */
  path?: readonly unknown[];
  /** Query parameters, by their spec names. */
  query?: object;
  /** JSON request body. */
  body?: unknown;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;

/** A request ready to send: its URL, and its body as JSON text and as the value it encodes. */
interface Prepared {
  url: string;
  body?: string;
  payload?: unknown;
}

/** The version-independent core that generated resources call. */
export class ApiClient {
  /** Base URL without a trailing slash. */
  readonly baseUrl: string;
  /** The server's Airflow version, when stated in the options or learned by `connect()`. */
  readonly serverVersion?: string;
  readonly #serverMinor?: [number, number];
  readonly #options: ClientOptions;
  readonly #fetch: (url: string, init: RequestInit) => Promise<Response>;
  readonly #auth: Authenticator;
  /** `options.headers` with lower-case names, as every request starts from them. */
  readonly #headers: Record<string, string>;
  readonly #limiter?: ConcurrencyLimiter;
  readonly #middleware: MiddlewareChain;

  /**
   * Creates the core. Most code constructs `Airflow` instead, which wraps one.
   *
   * @param options The caller's options; checked here, so bad ones fail at construction.
   * @param profile What this API version does differently.
   */
  constructor(options: ClientOptions, profile: ApiProfile) {
    this.baseUrl = checkBaseUrl(options?.baseUrl);
    checkAuth(options.auth);
    if (options.serverVersion !== undefined) {
      this.#serverMinor = checkServerVersion(options.serverVersion);
      this.serverVersion = options.serverVersion;
    }
    const issues = requestOptionIssues(options);
    if (issues.length > 0) {
      throw new AirflowError(issues.map((issue) => `${issue.path} ${issue.message}`).join("; "));
    }
    this.#options = options;
    this.#fetch = fetchFor(options.fetch);
    this.#headers = Object.fromEntries(new Headers(options.headers));
    const slots = checkMaxConcurrency(options.maxConcurrency);
    if (slots !== undefined) this.#limiter = new ConcurrencyLimiter(slots);
    this.#auth = new Authenticator(
      options.auth,
      profile.passwordScheme,
      (credentials) =>
        profile.passwordScheme === "jwt"
          ? this.#mintToken(profile.tokenPath, credentials)
          : Promise.reject(new AirflowError("HTTP Basic mints no tokens")),
    );
    this.#middleware = new MiddlewareChain(
      checkMiddleware(options.middleware),
      () => this.#auth.knownSecrets(),
    );
  }

  /** The kind of credentials configured (`password`, `token` or `none`), never their value. */
  get authKind(): "password" | "token" | "none" {
    return this.#auth.kind;
  }

  /** Calls one operation and returns its parsed, checked result. */
  async invoke<T>(operation: Operation, args: CallArgs, options?: RequestOptions): Promise<T> {
    return await this.#send(operation, this.#prepare(operation, args), options) as T;
  }

  /**
   * Calls one operation asking for `accept` and returns the successful response with its body
   * unread, for streamed answers. Authentication, retries and errors work as in
   * {@link ApiClient.invoke}; `options.timeout` bounds each attempt until the headers arrive,
   * and `options.signal` also cancels the body.
   */
  async open(
    operation: Operation,
    args: CallArgs,
    accept: string,
    options: RequestOptions = {},
  ): Promise<Response> {
    const prepared = this.#prepare(operation, args);
    const headers = new Headers(options.headers);
    headers.set("accept", accept);
    return await this.#send(operation, prepared, { ...options, headers }, true) as Response;
  }

  /**
   * Reads the body of a response from {@link ApiClient.open} that turned out not to be a
   * stream, and parses and checks it as {@link ApiClient.invoke} would.
   */
  async read<T>(operation: Operation, response: Response, signal?: AbortSignal): Promise<T> {
    const text = await untilAborted(response.text(), signal);
    return this.#accept(operation, response.url, response, text) as T;
  }

  /**
   * Calls a paged list operation lazily: nothing is sent until the result is iterated, and bad
   * arguments reject then, as every other call's do.
   */
  paginate<Item, Page>(
    operation: Operation,
    path: readonly unknown[],
    query: (object & PageOptions) | undefined,
    options?: RequestOptions,
  ): Paginator<Item, Page> {
    const itemsKey = operation.page?.items;
    if (!itemsKey) throw new AirflowError(`${operation.id} is not a paged operation`);
    const { pageSize, maxItems, offset, ...filters } = query ?? {};
    const pageOptions = { pageSize, maxItems, offset };
    const issues = Object.entries(pageOptions).flatMap(([key, value]) => {
      const minimum = key === "pageSize" ? 1 : 0;
      return value === undefined || (Number.isInteger(value) && value >= minimum) ? [] : [{
        path: `query.${key}`,
        message: `must be an integer >= ${minimum}, got ${describeValue(value)}`,
      }];
    });
    if (issues.length > 0) {
      const invalid = new RequestValidationError(operation.id, issues);
      return new Paginator<Item, Page>(() => Promise.reject(invalid), itemsKey);
    }
    return new Paginator<Item, Page>(
      (start, limit) =>
        this.invoke<Page>(
          operation,
          { path, query: { ...filters, limit, offset: start } },
          options,
        ),
      itemsKey,
      pageOptions,
    );
  }

  #prepare(operation: Operation, args: CallArgs): Prepared {
    const { path, issues } = buildPath(operation, args.path ?? []);
    const query = withIsoDates(args.query as Record<string, unknown> | undefined);
    issues.push(...this.#checkQuery(operation, query));
    const given = withBodyDefaults(operation, args.body);
    let body: string | undefined;
    let payload: unknown;
    if (given === undefined) {
      if (operation.bodyRequired) issues.push({ path: "body", message: "is required" });
    } else if (!operation.body) {
      issues.push({ path: "body", message: `${operation.id} takes no body` });
    } else {
      payload = withIsoDates(given);
      if (this.#options.validateRequests !== false) {
        issues.push(...check(operation.body, payload, "body"));
      }
      if (this.#serverMinor) issues.push(...versionIssues(operation, payload, this.#serverMinor));
      body = JSON.stringify(payload);
    }
    if (issues.length > 0) throw new RequestValidationError(operation.id, issues);
    const url = `${this.baseUrl}${path}${buildQuery(query, operation.commaSeparated)}`;
    return { url, body, payload };
  }

  #checkQuery(operation: Operation, query: Record<string, unknown> | undefined): FieldIssue[] {
    if (!query || this.#options.validateRequests === false) return [];
    if (typeof query !== "object" || Array.isArray(query)) {
      return [{ path: "query", message: `must be an object, got ${describeValue(query)}` }];
    }
    const known = (operation.query as { properties?: Record<string, unknown> } | undefined)
      ?.properties ?? {};
    const unknown = Object.keys(query).filter((key) => !(key in known) && query[key] !== undefined);
    if (unknown.length > 0) {
      const expected = Object.keys(known);
      return unknown.map((key) => ({
        path: `query.${key}`,
        message: `is not a parameter of ${operation.id}${
          expected.length ? ` (expected one of: ${expected.join(", ")})` : ""
        }`,
      }));
    }
    if (!operation.query) return [];
    return check(operation.query, dropUndefined(query), "query");
  }

  async #send(
    operation: Operation,
    prepared: Prepared,
    options?: RequestOptions,
    stream = false,
  ): Promise<unknown> {
    const { url, body } = prepared;
    let settings: RequestOptions & Pick<ClientOptions, "maxRetryDelay"> = this.#options;
    if (options) {
      const issues = requestOptionIssues(options);
      if (issues.length > 0) throw new RequestValidationError(operation.id, issues);
      settings = { ...this.#options, ...options };
    }
    const signal = settings.signal;
    const maxRetries = settings.maxRetries ?? DEFAULT_MAX_RETRIES;
    const mayRetry = IDEMPOTENT_METHODS.has(operation.method) ||
      settings.retryNonIdempotent === true;
    const maxDelay = settings.maxRetryDelay ?? DEFAULT_MAX_RETRY_DELAY_MS;
    let renewedAuth = false;
    for (let attempt = 0;; attempt++) {
      let authorization: string | undefined;
      let outcome: Attempt;
      try {
        if (signal?.aborted) throw signal.reason;
        authorization = operation.auth ? await this.#auth.header(signal) : undefined;
        outcome = await this.#attempt(
          operation,
          { url, method: operation.method, headers: {}, body },
          authorization,
          settings,
          stream,
          attempt + 1,
        );
      } catch (error) {
        const failure = this.#classify(operation, url, error, signal);
        if (failure instanceof APIConnectionError && mayRetry && attempt < maxRetries) {
          await this.#wait(retryDelay(attempt + 1, undefined, maxDelay), signal);
          continue;
        }
        throw failure;
      }
      const { response, payload } = outcome;
      if (outcome.refusal) {
        throw this.#apiError(
          operation,
          prepared,
          response,
          "",
          `redirect not followed: ${outcome.refusal}`,
        );
      }
      if (response.ok) return stream ? response : this.#accept(operation, url, response, payload);
      if (
        response.status === 401 && !renewedAuth &&
        this.#auth.renewAfterUnauthorized(authorization)
      ) {
        renewedAuth = true;
        attempt--;
        continue;
      }
      if (RETRY_STATUSES.has(response.status) && mayRetry && attempt < maxRetries) {
        await this.#wait(retryDelay(attempt + 1, response.headers, maxDelay), signal);
        continue;
      }
      throw this.#apiError(
        operation,
        prepared,
        response,
        this.#redact(payload, authorization),
      );
    }
  }

  async #attempt(
    operation: Operation,
    request: Hop,
    authorization: string | undefined,
    settings: RequestOptions,
    stream: boolean,
    attempt: number,
  ): Promise<Attempt> {
    const headers: Record<string, string> = { ...this.#headers };
    if (settings.headers !== this.#options.headers) {
      for (const [key, value] of new Headers(settings.headers)) headers[key] = value;
    }
    headers.accept ??= operation.responseKind === "text" ? "text/plain" : "application/json";
    if (request.body !== undefined) headers["content-type"] = "application/json";
    if (authorization) headers.authorization = authorization;
    await this.#limiter?.acquire(settings.signal);
    const timeout = settings.timeout ?? DEFAULT_TIMEOUT_MS;
    const timer = new AbortController();
    const handle = setTimeout(
      () =>
        timer.abort(
          new APITimeoutError(`${request.method} ${request.url} timed out after ${timeout} ms`),
        ),
      timeout,
    );
    const signal = settings.signal
      ? AbortSignal.any([settings.signal, timer.signal])
      : timer.signal;
    let hop: Hop = { ...request, headers };
    let started = 0;
    try {
      for (let redirects = 0;; redirects++) {
        if (!this.#middleware.empty) {
          hop.headers = await this.#middleware.request(
            { operationId: operation.id, method: hop.method, url: hop.url, attempt },
            hop.headers,
          );
        }
        started = performance.now();
        const response = await untilAborted(
          this.#fetch(hop.url, {
            method: hop.method,
            headers: hop.headers,
            body: hop.body,
            signal,
            redirect: "manual",
          }),
          signal,
        );
        if (!this.#middleware.empty) {
          await this.#middleware.response({
            operationId: operation.id,
            method: hop.method,
            url: hop.url,
            status: response.status,
            attempt,
            milliseconds: performance.now() - started,
          }, response.headers);
        }
        if (response.type === "opaqueredirect") {
          throw new APIConnectionError(
            `${hop.method} ${hop.url} was redirected, and this runtime does not show where to; ` +
              "set baseUrl to the address the server redirects to",
          );
        }
        if (REDIRECT_STATUSES.has(response.status)) {
          await response.body?.cancel();
          const step = nextHop(hop, response, redirects);
          if ("next" in step) {
            hop = step.next;
            continue;
          }
          return { response, payload: "", refusal: step.refusal };
        }
        if (stream && response.ok) return { response, payload: "" };
        const text = await untilAborted(response.text(), signal).catch((error) => {
          throw signal.aborted ? error : new APIConnectionError(
            `${hop.method} ${hop.url}: the connection broke while the answer was read: ${
              error instanceof Error ? error.message : String(error)
            }`,
            { cause: error },
          );
        });
        return { response, payload: text };
      }
    } catch (error) {
      const failure = timer.signal.aborted && !settings.signal?.aborted
        ? timer.signal.reason
        : error;
      if (!this.#middleware.empty && !(failure instanceof MiddlewareError)) {
        await this.#middleware.failure({
          operationId: operation.id,
          method: hop.method,
          url: hop.url,
          error: this.#classify(operation, hop.url, failure, settings.signal),
          attempt,
          milliseconds: performance.now() - started,
        });
      }
      throw failure;
    } finally {
      clearTimeout(handle);
      this.#limiter?.release();
    }
  }

  #classify(operation: Operation, url: string, error: unknown, signal?: AbortSignal): AirflowError {
    if (signal?.aborted) {
      return error instanceof APIUserAbortError
        ? error
        : new APIUserAbortError(`${operation.method} ${url} was aborted`, { cause: signal.reason });
    }
    if (error instanceof AirflowError) return error;
    const cause = error instanceof Error ? error : new Error(String(error));
    return new APIConnectionError(
      `${operation.method} ${url} failed to connect: ${cause.message}`,
      { cause },
    );
  }

  async #wait(ms: number, signal?: AbortSignal): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch (reason) {
      throw new APIUserAbortError("aborted while waiting to retry", { cause: reason });
    }
  }

  #accept(operation: Operation, url: string, response: Response, text: string): unknown {
    if (operation.responseKind === "none" || response.status === 204) return undefined;
    if (operation.responseKind === "text") return text;
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      throw new ResponseValidationError(operation.method, url, [{
        path: "",
        message: text.length === 0
          ? "the body is empty"
          : `the body is not JSON${describeContentType(response)}`,
      }], this.#redact(text, undefined));
    }
    const policy = this.#options.validateResponses ?? true;
    if (policy === false || !operation.response) return payload;
    const issues = check(operation.response, payload, "");
    if (issues.length === 0) return payload;
    const error = new ResponseValidationError(
      operation.method,
      url,
      issues,
      this.#redactValue(text, payload),
    );
    if (policy === true) throw error;
    policy(error);
    return payload;
  }

  /** Scrubs every known credential, and the one just sent, out of text from the server. */
  #redact(text: string, authorization: string | undefined): string {
    const sent = authorization?.replace(/^\S+\s+/, "");
    const secrets = [...this.#auth.knownSecrets(), ...(sent ? [sent] : [])];
    let scrubbed = text;
    for (const secret of secrets) {
      if (secret.length >= 4) scrubbed = scrubbed.replaceAll(secret, "[redacted]");
    }
    return scrubbed;
  }

  /** `payload` parsed from `text`, or, when `text` holds a credential, the scrubbed text parsed. */
  #redactValue(text: string, payload: unknown): unknown {
    const scrubbed = this.#redact(text, undefined);
    if (scrubbed === text) return payload;
    try {
      return JSON.parse(scrubbed);
    } catch {
      return scrubbed;
    }
  }

  #apiError(
    operation: Operation,
    prepared: Prepared,
    response: Response,
    text: string,
    explanation?: string,
  ): APIError {
    const { body, detail = explanation, fieldIssues } = parseErrorBody(text);
    return APIError.from({
      status: response.status,
      method: operation.method,
      url: prepared.url,
      detail,
      fieldIssues: fieldIssues && explainRefusals(operation, fieldIssues, prepared.payload),
      body,
      headers: response.headers,
    });
  }

  async #mintToken(
    tokenPath: string,
    credentials: { username: string; password: string },
  ): Promise<string> {
    const operation: Operation = {
      id: "create_token",
      method: "POST",
      path: tokenPath,
      pathParams: [],
      responseKind: "json",
      auth: false,
    };
    const url = `${this.baseUrl}${tokenPath}`;
    const credentialsBody = { username: credentials.username, password: credentials.password };
    const prepared = { url, body: JSON.stringify(credentialsBody) };
    let payload: unknown;
    try {
      payload = await this.#send(operation, prepared, { signal: this.#options.signal });
    } catch (error) {
      if (error instanceof APIError && (error.status === 404 || error.status === 405)) {
        throw new AuthenticationError({
          status: error.status,
          method: error.method,
          url: error.url,
          body: error.body,
          headers: error.headers,
          detail: `this server has no token endpoint at POST ${tokenPath} (it answered ` +
            `${error.status}); if it issues tokens another way, pass auth: { token } instead ` +
            "of a username and password",
        });
      }
      throw error;
    }
    const token = (payload as { access_token?: unknown } | undefined)?.access_token;
    if (typeof token !== "string" || token.length === 0) {
      throw new ResponseValidationError("POST", url, [{
        path: "access_token",
        message: "the token answer has no access_token",
      }], undefined);
    }
    return token;
  }
}

interface Attempt {
  response: Response;
  payload: string;
  /** Why a redirect in `response` was not followed. */
  refusal?: string;
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

/** The longest delay `setTimeout` takes; a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Problems with the numeric and signal options a call or a client may set. */
function requestOptionIssues(options: RequestOptions): FieldIssue[] {
  const number = (name: string, value: unknown, minimum: number, whole: boolean) => {
    const valid = value === undefined || (typeof value === "number" &&
      (whole ? Number.isInteger(value) : Number.isFinite(value)) && value >= minimum &&
      value <= MAX_TIMER_MS);
    return valid ? [] : [{
      path: `options.${name}`,
      message: `must be a ${whole ? "whole " : ""}number from ${minimum} to ${MAX_TIMER_MS}, ` +
        `got ${describeValue(value)}`,
    }];
  };
  const signal = options.signal;
  return [
    ...number("timeout", options.timeout, 1, false),
    ...number("maxRetryDelay", (options as ClientOptions).maxRetryDelay, 0, false),
    ...number("maxRetries", options.maxRetries, 0, true),
    ...(signal === undefined || signal instanceof AbortSignal ? [] : [{
      path: "options.signal",
      message: `must be an AbortSignal, got ${describeValue(signal)}`,
    }]),
  ];
}

function describeContentType(response: Response): string {
  const type = response.headers.get("content-type");
  return type ? ` (content-type ${type.split(";")[0]})` : " (no content-type)";
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

function dropUndefined(query: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined) out[key] = value;
  return out;
}

function checkBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== "string" || baseUrl.length === 0) {
    throw new AirflowError('options.baseUrl is required, such as "http://localhost:8080"');
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    const shown = baseUrl.replace(/\/\/[^@]*@/, "//[redacted]@");
    throw new AirflowError(`options.baseUrl is not a valid URL: ${JSON.stringify(shown)}`);
  }
  if (url.username || url.password) {
    throw new AirflowError(
      "options.baseUrl must not contain credentials; pass them as options.auth",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AirflowError(`options.baseUrl must be http or https, got ${url.protocol}`);
  }
  if (url.search || url.hash) {
    throw new AirflowError("options.baseUrl must not have a query or fragment");
  }
  return url.href.replace(/\/+$/, "");
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

/** The body with the operation's defaults filled in where the caller left a field out. */
function withBodyDefaults(operation: Operation, body: unknown): unknown {
  const defaults = operation.bodyDefaults;
  if (!defaults) return body;
  if (body === undefined) return { ...defaults };
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const filled = { ...body } as Record<string, unknown>;
  for (const [key, value] of Object.entries(defaults)) {
    if (filled[key] === undefined) filled[key] = value;
  }
  return filled;
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
