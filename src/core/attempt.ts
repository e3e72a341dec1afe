/**
 * One attempt at a request: a place under the concurrency cap, the time bound, the middleware,
 * the `fetch` itself with its redirects, and the body read within the same bound.
 *
 * @module
 */
import { AbortLink, untilAborted } from "./abort.ts";
import { BodyTooLarge, readTextWithin } from "./body.ts";
import {
  AirflowError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  MiddlewareError,
  ResponseValidationError,
} from "./errors.ts";
import type { ConcurrencyLimiter } from "./limiter.ts";
import type { MiddlewareChain } from "./middleware.ts";
import { type Hop, nextHop, REDIRECT_STATUSES, type RedirectPolicy } from "./redirect.ts";
import type { PreparedRequest } from "./request.ts";

/**
 * Reads the body of a 2xx answer within the attempt's time bound: its text for an ordinary
 * call, or nothing for a stream, whose body the caller reads.
 */
export type BodyReader<T> = (response: Response, signal: AbortSignal) => Promise<T>;

/** Reads the whole body as text, up to `limit` bytes. */
export function readText(limit: number): BodyReader<string> {
  return (response) => readTextWithin(response, limit);
}

/** Leaves the body unread, for streams. */
export const leaveBody: BodyReader<Response> = (response) => Promise.resolve(response);

/** What an attempt got: a 2xx answer and what its body reader made of it, or another answer. */
export type AttemptResult<T> =
  | { ok: true; response: Response; value: T }
  | { ok: false; response: Response; text: string; refusal?: string };

/** What every attempt of a client runs with; built once per client. */
export interface AttemptContext {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * Whether `fetch` may ignore its signal (one passed in options): its promise and the body read
   * are then raced against the signal. The runtime's own `fetch` honours it, and is not.
   */
  guarded: boolean;
  middleware: MiddlewareChain;
  limiter?: ConcurrencyLimiter;
  /** Which redirects are followed. */
  redirects: RedirectPolicy;
  /** The credentials `request` carries with `authorization` (header values, its `Authorization`). */
  secrets(request: PreparedRequest, authorization: string | undefined): string[];
  /** `text` with every credential the client knows of, and `secrets`, redacted. */
  redact(text: string, secrets: string[]): string;
}

/** What one attempt of one call runs with. */
export interface AttemptSettings {
  /** Milliseconds the attempt may take, body included. */
  timeout: number;
  /** The caller's signal. */
  signal?: AbortSignal;
  /** The most bytes an answer's body may have. */
  maxResponseBytes: number;
}

/**
 * Sends `request` once with `authorization` (attempt `number` of its call), following
 * redirects; reads a 2xx body with `read`, any other within `settings.maxResponseBytes`.
 */
export function attempt<T>(
  request: PreparedRequest,
  authorization: string | undefined,
  context: AttemptContext,
  settings: AttemptSettings,
  number: number,
  read: BodyReader<T>,
): Promise<AttemptResult<T>> {
  return new Attempt(request, authorization, context, settings, number).run(read);
}

/** One attempt in progress: what it has sent last, and when. Its methods are its stages. */
class Attempt {
  readonly #request: PreparedRequest;
  readonly #authorization: string | undefined;
  readonly #context: AttemptContext;
  readonly #settings: AttemptSettings;
  readonly #number: number;
  readonly #bound: AbortLink;
  readonly #signal: AbortSignal;
  #hop: Hop;
  #started = 0;
  #secrets?: string[];

  constructor(
    request: PreparedRequest,
    authorization: string | undefined,
    context: AttemptContext,
    settings: AttemptSettings,
    number: number,
  ) {
    this.#request = request;
    this.#authorization = authorization;
    this.#context = context;
    this.#settings = settings;
    this.#number = number;
    this.#bound = new AbortLink(settings.signal);
    this.#signal = this.#bound.signal;
    const headers = authorization ? { ...request.headers, authorization } : request.headers;
    this.#hop = { url: request.url, method: request.operation.method, headers, body: request.body };
  }

  async run<T>(read: BodyReader<T>): Promise<AttemptResult<T>> {
    const { limiter, redirects } = this.#context;
    const settings = this.#settings;
    if (limiter) await limiter.acquire(settings.signal);
    const handle = setTimeout(() => this.#timeOut(), settings.timeout);
    try {
      let response = await this.#send(this.#hop);
      for (let count = 0; REDIRECT_STATUSES.has(response.status); count++) {
        await response.body?.cancel();
        const step = nextHop(this.#hop, response, count, redirects);
        if ("refusal" in step) return { ok: false, response, text: "", refusal: step.refusal };
        response = await this.#send(step.next);
      }
      const ok = response.ok;
      let value: T | string;
      try {
        value = await this.#bounded<T | string>(
          ok ? read(response, this.#signal) : readTextWithin(response, settings.maxResponseBytes),
        );
      } catch (error) {
        throw this.#readFailure(error);
      }
      return ok
        ? { ok: true, response, value: value as T }
        : { ok: false, response, text: value as string };
    } catch (error) {
      throw await this.#failure(error);
    } finally {
      clearTimeout(handle);
      this.#bound.unlink();
      limiter?.release();
    }
  }

  get #sentSecrets(): string[] {
    return this.#secrets ??= this.#context.secrets(this.#request, this.#authorization);
  }

  #redact(text: string): string {
    return this.#context.redact(text, this.#sentSecrets);
  }

  #timeOut(): void {
    const { method } = this.#request.operation;
    const url = this.#redact(this.#request.url);
    const ms = this.#settings.timeout;
    this.#bound.abort(new APITimeoutError(`${method} ${url} timed out after ${ms} ms`));
  }

  /** `work`, raced against the signal when `fetch` may not honour it. */
  #bounded<V>(work: Promise<V>): Promise<V> {
    return this.#context.guarded ? untilAborted(work, this.#signal) : work;
  }

  /** Sends `hop` through the middleware. */
  async #send(hop: Hop): Promise<Response> {
    this.#hop = hop;
    const { middleware } = this.#context;
    const { operation } = this.#request;
    if (!middleware.empty) {
      hop.headers = await middleware.request(
        { operationId: operation.id, method: hop.method, url: hop.url, attempt: this.#number },
        hop.headers,
        this.#request.credentials,
        this.#sentSecrets,
        this.#signal,
      );
    }
    this.#started = performance.now();
    const response = await this.#bounded(
      this.#context.fetch(hop.url, {
        method: hop.method,
        headers: hop.headers,
        body: hop.body,
        signal: this.#signal,
        redirect: "manual",
      }),
    );
    if (!middleware.empty) {
      await middleware.response(
        {
          operationId: operation.id,
          method: hop.method,
          url: hop.url,
          status: response.status,
          attempt: this.#number,
          milliseconds: performance.now() - this.#started,
        },
        response.headers,
        this.#sentSecrets,
        this.#signal,
      );
    }
    if (response.type === "opaqueredirect") {
      throw new APIConnectionError(
        `${hop.method} ${this.#redact(hop.url)} was redirected, and this runtime does not ` +
          "show where to; set baseUrl to the address the server redirects to",
      );
    }
    return response;
  }

  /** The error a failed body read ends with. */
  #readFailure(error: unknown): unknown {
    const hop = this.#hop;
    if (error instanceof BodyTooLarge) {
      return new ResponseValidationError(this.#request.operation.method, this.#redact(hop.url), [{
        path: "",
        message: `${error.message} (maxResponseBytes); it was not read further`,
      }], undefined);
    }
    return this.#signal.aborted ? error : new APIConnectionError(
      `${hop.method} ${this.#redact(hop.url)}: the connection broke while the answer was read: ` +
        this.#redact(error instanceof Error ? error.message : String(error)),
      { cause: scrubbed(error, (text) => this.#redact(text)) },
    );
  }

  /** What the attempt throws after `error`, once the middleware has seen it. */
  async #failure(error: unknown): Promise<unknown> {
    const { middleware } = this.#context;
    const callerSignal = this.#settings.signal;
    const bound = this.#signal;
    const failure = bound.aborted && !callerSignal?.aborted ? bound.reason : error;
    const hop = this.#hop;
    if (!middleware.empty && !(failure instanceof MiddlewareError)) {
      await middleware.failure(
        {
          operationId: this.#request.operation.id,
          method: hop.method,
          url: hop.url,
          error: failureOf(hop.method, this.#redact(hop.url), failure, callerSignal),
          attempt: this.#number,
          milliseconds: performance.now() - this.#started,
        },
        this.#sentSecrets,
        callerSignal,
      );
    }
    // What the runtime says of a failed fetch may quote the URL a redirect chose.
    return failure instanceof AirflowError || callerSignal?.aborted
      ? failure
      : scrubbed(failure, (text) => this.#redact(text));
  }
}

/**
 * `error`, or when its message quotes a credential (the URL a redirect chose, say) a copy of the
 * same kind whose message has passed through `redact`.
 */
function scrubbed(error: unknown, redact: (text: string) => string): unknown {
  if (!(error instanceof Error)) return error;
  const message = redact(error.message);
  if (message === error.message) return error;
  const copy = error instanceof TypeError ? new TypeError(message) : new Error(message);
  copy.name = error.name;
  return copy;
}

/**
 * The error an attempt that got no answer ends with: an abort when the caller's signal fired, an
 * `AirflowError` as it is, anything else a failure to connect.
 */
export function failureOf(
  method: string,
  url: string,
  error: unknown,
  signal?: AbortSignal,
): AirflowError {
  if (signal?.aborted) {
    return error instanceof APIUserAbortError
      ? error
      : new APIUserAbortError(`${method} ${url} was aborted`, { cause: signal.reason });
  }
  if (error instanceof AirflowError) return error;
  const cause = error instanceof Error ? error : new Error(String(error));
  return new APIConnectionError(`${method} ${url} failed to connect: ${cause.message}`, { cause });
}
