/**
 * The client core shared by every API version. A call goes through the stages in order:
 * its options are checked (`options.ts`), the request is prepared (`request.ts`), each attempt
 * is sent with credentials under its time bound (`attempt.ts`), following redirects
 * (`redirect.ts`), retried when that may help (`retry.ts`), and its answer is read and checked
 * (`response.ts`) with credentials scrubbed (`redaction.ts`). Streams go through the same
 * stages and leave the body for the caller to read.
 *
 * @module
 */
import { withinTime } from "./abort.ts";
import {
  attempt,
  type AttemptContext,
  type AttemptResult,
  type BodyReader,
  failureOf,
  leaveBody,
  readText,
} from "./attempt.ts";
import { Authenticator, type PasswordScheme } from "./auth.ts";
import {
  AirflowError,
  APIConnectionError,
  APIError,
  APITimeoutError,
  RequestValidationError,
  ResponseValidationError,
} from "./errors.ts";
import { ConcurrencyLimiter } from "./limiter.ts";
import { MiddlewareChain } from "./middleware.ts";
import type { Operation } from "./operation.ts";
import {
  checkClientOptions,
  type ClientOptions,
  type ClientSettings,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  requestOptionIssues,
  type RequestOptions,
} from "./options.ts";
import { BodyTooLarge, DEFAULT_MAX_RESPONSE_BYTES, readTextWithin } from "./body.ts";
import { Redactor } from "./redaction.ts";
import {
  type CallArgs,
  type PreparedRequest,
  prepareRequest,
  type PrepareRules,
} from "./request.ts";
import { errorFor, readAnswer } from "./response.ts";
import { IDEMPOTENT_METHODS, RETRY_STATUSES, type Verdict, withRetries } from "./retry.ts";
import { mintToken } from "./token_endpoint.ts";

/** Statuses after which the request may have been carried out though its answer was lost. */
const LOST_ANSWER_STATUSES: ReadonlySet<number> = new Set([408, 502, 504]);

/**
 * What differs between API versions in how a client authenticates: a username and password are
 * exchanged for JWTs at a token path, or sent as HTTP Basic.
 */
export type VersionProfile =
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

/** Airflow 3's way: passwords are exchanged for JWTs at `POST /auth/token`. */
export const AIRFLOW3_AUTH: VersionProfile = { passwordScheme: "jwt", tokenPath: "/auth/token" };

/** The settings of one call: the client's, with the call's options over them. */
type CallSettings = RequestOptions & { maxRetryDelay?: number };

/**
 * The client core: it sends every call of every namespace. `Airflow` and `AirflowV1` build one
 * for you; build one yourself, with only the namespaces you use, when a bundle should carry
 * nothing else (a Worker that only triggers runs).
 *
 * @example A small bundle: one namespace on a bare core
 * ```ts
 * import { AirflowCore, DagRuns } from "@airflowkit/client/core";
 *
 * const core = new AirflowCore({ baseUrl: "http://localhost:8080", auth: { token: "t" } });
 * const dagRuns = new DagRuns(core);
 * const run = await dagRuns.trigger("etl");
 * const { run: done } = await dagRuns.wait("etl", run.dag_run_id);
 * console.log(done.state);
 * ```
 */
export class AirflowCore {
  /** Base URL without a trailing slash. */
  readonly baseUrl: string;
  /** The server's Airflow version, when stated in the options or learned by `connect()`. */
  readonly serverVersion?: string;
  readonly #settings: ClientSettings;
  readonly #rules: PrepareRules;
  readonly #auth: Authenticator;
  readonly #redactor: Redactor;
  readonly #attempts: AttemptContext;

  /**
   * Creates the core; bad options fail here.
   *
   * @param options The caller's options.
   * @param profile How the API version authenticates; Airflow 3's by default.
   */
  constructor(options: ClientOptions, profile: VersionProfile = AIRFLOW3_AUTH) {
    this.#settings = checkClientOptions(options);
    this.baseUrl = this.#settings.baseUrl;
    this.serverVersion = this.#settings.serverVersion;
    this.#rules = {
      baseUrl: this.baseUrl,
      validate: this.#settings.validateRequests,
      serverMinor: this.#settings.serverMinor,
      headers: this.#settings.headers,
      credentials: this.#settings.credentialHeaders,
    };
    const scheme: PasswordScheme = profile.passwordScheme;
    this.#auth = new Authenticator(
      options.auth,
      scheme,
      (credentials) =>
        profile.passwordScheme === "jwt"
          ? mintToken(
            async (request) => {
              const settings = { ...this.#settings.defaults };
              const { response, value } = await this.#send(
                request,
                settings,
                readText(DEFAULT_MAX_RESPONSE_BYTES),
              );
              return {
                value: readAnswer(request, response, value, true, this.#redactor),
                headers: response.headers,
              };
            },
            this.baseUrl,
            profile.tokenPath,
            credentials,
            this.#settings.headers,
          )
          : Promise.reject(new AirflowError("HTTP Basic mints no tokens")),
    );
    const headerSecrets = this.#settings.headerSecrets.map((value) => ({ value }));
    this.#redactor = new Redactor(() => [...this.#auth.knownSecrets(), ...headerSecrets]);
    const slots = this.#settings.maxConcurrency;
    this.#attempts = {
      fetch: this.#settings.fetch,
      guarded: this.#settings.fetchInjected,
      middleware: new MiddlewareChain(this.#settings.middleware, this.#redactor),
      limiter: slots === undefined ? undefined : new ConcurrencyLimiter(slots),
      redirects: { crossOrigin: this.#settings.crossOriginRedirects },
      secrets: (request, authorization) => this.#sentCredentials(request, authorization),
      redact: (text, secrets) => this.#redactor.text(text, secrets),
    };
  }

  /** The kind of credentials configured (`password`, `token` or `none`), never their value. */
  get authKind(): "password" | "token" | "none" {
    return this.#auth.kind;
  }

  /**
   * Calls one operation and resolves with its parsed, checked answer.
   *
   * @internal
   */
  async call<T>(operation: Operation, args: CallArgs, options?: RequestOptions): Promise<T> {
    const settings = this.#callSettings(operation, options);
    const request = prepareRequest(operation, args, this.#rules, options?.headers);
    return await this.#answer(request, settings) as T;
  }

  /**
   * Calls one operation asking for `accept` and resolves with the successful response, its body
   * unread, for streamed answers. Credentials, retries and errors work as in
   * {@link AirflowCore.call}; `options.timeout` bounds each attempt until the headers arrive.
   *
   * @internal
   */
  async open(
    operation: Operation,
    args: CallArgs,
    accept: string,
    options?: RequestOptions,
  ): Promise<Response> {
    const settings = this.#callSettings(operation, options);
    const request = prepareRequest(operation, args, this.#rules, options?.headers, accept);
    return (await this.#send(request, settings, leaveBody)).value;
  }

  /**
   * Reads the body of a response from {@link AirflowCore.open} that turned out not to be a
   * stream, and parses and checks it as {@link AirflowCore.call} would.
   *
   * @internal
   */
  async read<T>(operation: Operation, response: Response, options?: RequestOptions): Promise<T> {
    const settings = this.#callSettings(operation, options);
    const timeout = settings.timeout ?? DEFAULT_TIMEOUT_MS;
    const limit = settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const stop = new AbortController();
    const text = await withinTime(
      readTextWithin(response, limit, stop.signal),
      timeout,
      settings.signal,
      () => new APITimeoutError(`reading ${response.url} took more than ${timeout} ms`),
    ).catch((error) => {
      stop.abort();
      if (!(error instanceof BodyTooLarge)) throw error;
      throw new ResponseValidationError(operation.method, response.url, [{
        path: "",
        message: `${error.message} (maxResponseBytes); it was not read further`,
      }], undefined);
    });
    const request = { operation, url: response.url, headers: {}, credentials: new Set<string>() };
    return readAnswer(
      request,
      response,
      text,
      this.#settings.validateResponses,
      this.#redactor,
    ) as T;
  }

  /**
   * Prepares and checks a call once, and returns what sends it with more query parameters
   * (`name=value&…`, encoded) after its own: a paged list's pages differ only in those.
   *
   * @internal
   */
  prepareCall(
    operation: Operation,
    args: CallArgs,
    options?: RequestOptions,
  ): (query: string) => Promise<unknown> {
    const settings = this.#callSettings(operation, options);
    const base = prepareRequest(operation, args, this.#rules, options?.headers);
    const url = `${base.url}${base.url.includes("?") ? "&" : "?"}`;
    return (query) => this.#answer({ ...base, url: `${url}${query}` }, settings);
  }

  #callSettings(operation: Operation, options?: RequestOptions): CallSettings {
    if (!options) return this.#settings.defaults;
    const issues = requestOptionIssues(options);
    if (issues.length > 0) throw new RequestValidationError(operation.id, issues);
    const given = Object.entries(options).filter(([, value]) => value !== undefined);
    return { ...this.#settings.defaults, ...Object.fromEntries(given) };
  }

  /** Sends `request` and resolves with its answer, parsed and checked. */
  async #answer(request: PreparedRequest, settings: CallSettings): Promise<unknown> {
    const limit = settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const { response, value } = await this.#send(request, settings, readText(limit));
    return readAnswer(
      request,
      response,
      value,
      this.#settings.validateResponses,
      this.#redactor,
      () => this.#sentCredentials(request),
    );
  }

  /** The credential header values a request carries, besides the client's own. */
  #sentCredentials(request: PreparedRequest, authorization?: string): string[] {
    const sent = Object.entries(request.headers)
      .filter(([name]) => request.credentials.has(name))
      .flatMap(([name, value]) => Redactor.secretsIn(name, value));
    return [...sent, ...Redactor.secretsIn("authorization", authorization)];
  }

  /**
   * Sends `request` until it has an answer worth keeping: with credentials, retried after a
   * failure to connect or a status worth retrying, once more with renewed credentials after a
   * 401. A 2xx answer's body is read by `read`; any other answer is thrown as its `APIError`.
   */
  #send<T>(
    request: PreparedRequest,
    settings: CallSettings,
    read: BodyReader<T>,
  ): Promise<{ response: Response; value: T }> {
    const { operation } = request;
    const signal = settings.signal;
    const timeout = settings.timeout ?? DEFAULT_TIMEOUT_MS;
    const bounds = {
      timeout,
      signal,
      maxResponseBytes: settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    };
    let renewed = false;
    let unanswered = false;
    return withRetries({
      maxRetries: settings.maxRetries ?? DEFAULT_MAX_RETRIES,
      mayRetry: IDEMPOTENT_METHODS.has(operation.method) || settings.retryNonIdempotent === true,
      maxDelay: settings.maxRetryDelay ?? DEFAULT_MAX_RETRY_DELAY_MS,
      signal,
    }, async (number): Promise<Verdict<{ response: Response; value: T }>> => {
      let authorization: string | undefined;
      let result: AttemptResult<T>;
      try {
        if (signal?.aborted) throw signal.reason;
        // Credentials at hand need no time bound; those awaited (a token function, a mint)
        // are bound by the attempt's timeout.
        const ready = operation.auth ? this.#auth.ready() : undefined;
        authorization = ready !== null ? ready : await withinTime(
          this.#auth.header(),
          timeout,
          signal,
          () =>
            new APITimeoutError(
              `the credentials for ${operation.method} ${request.url} took more than ${timeout} ms`,
            ),
        );
        result = await attempt(request, authorization, this.#attempts, bounds, number, read);
      } catch (error) {
        const failure = failureOf(operation.method, request.url, error, signal);
        if (failure instanceof APIConnectionError) {
          unanswered = true;
          return { retry: failure };
        }
        throw failure;
      }
      if (result.ok) return { done: result };
      const { response } = result;
      const sent = this.#sentCredentials(request, authorization);
      if (result.refusal) {
        throw errorFor(
          request,
          response,
          "",
          this.#redactor,
          sent,
          `redirect not followed: ${result.refusal}`,
        );
      }
      if (
        response.status === 401 && !renewed && this.#auth.renewAfterUnauthorized(authorization)
      ) {
        renewed = true;
        return { again: true };
      }
      let error = errorFor(request, response, result.text, this.#redactor, sent);
      if (unanswered && response.status === 404 && operation.method === "DELETE") {
        error = APIError.from({
          ...error,
          detail: `${error.detail ?? "not found"}; an earlier attempt got no answer, so it may ` +
            "have deleted it already",
        });
      }
      // A gateway that timed out, or a server that gave up on the request, may have passed it
      // on first: what a retry then finds may be that attempt's doing.
      if (LOST_ANSWER_STATUSES.has(response.status)) unanswered = true;
      if (RETRY_STATUSES.has(response.status)) return { retry: error, headers: response.headers };
      throw error;
    });
  }
}
