/**
 * One attempt at a request: a place under the concurrency cap, the time bound, the middleware,
 * the `fetch` itself with its redirects, and the body read within the same bound.
 *
 * @module
 */
import { untilAborted } from "./abort.ts";
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
import { followRedirects, type Hop, type RedirectPolicy } from "./redirect.ts";
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

/** What an attempt runs with. */
export interface AttemptContext {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * Whether `fetch` may ignore its signal (one passed in options): its promise and the body read
   * are then raced against the signal. The runtime's own `fetch` honours it, and is not.
   */
  guarded: boolean;
  middleware: MiddlewareChain;
  limiter?: ConcurrencyLimiter;
  /** Milliseconds the attempt may take, body included. */
  timeout: number;
  /** The caller's signal. */
  signal?: AbortSignal;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  number: number;
  /** Which redirects are followed. */
  redirects: RedirectPolicy;
  /** The most bytes an answer's body may have. */
  maxResponseBytes: number;
  /** The credentials this attempt carries (header values, its `Authorization`), on demand. */
  secrets: () => string[];
  /** `text` with every credential the client knows of, and the attempt's, redacted. */
  redact: (text: string) => string;
}

/** Sends `request` once with `authorization`, following redirects; reads the body with `read`. */
export async function attempt<T>(
  request: PreparedRequest,
  authorization: string | undefined,
  context: AttemptContext,
  read: BodyReader<T>,
): Promise<AttemptResult<T>> {
  const { operation } = request;
  const headers = authorization ? { ...request.headers, authorization } : request.headers;
  await context.limiter?.acquire(context.signal);
  const timer = new AbortController();
  const handle = setTimeout(
    () =>
      timer.abort(
        new APITimeoutError(
          `${operation.method} ${
            context.redact(request.url)
          } timed out after ${context.timeout} ms`,
        ),
      ),
    context.timeout,
  );
  const signal = context.signal ? AbortSignal.any([context.signal, timer.signal]) : timer.signal;
  const middleware = context.middleware;
  let hop: Hop = { url: request.url, method: operation.method, headers, body: request.body };
  let started = 0;
  const bounded = <V>(work: Promise<V>) => context.guarded ? untilAborted(work, signal) : work;
  const send = async (next: Hop): Promise<Response> => {
    hop = next;
    if (!middleware.empty) {
      hop.headers = await middleware.request(
        { operationId: operation.id, method: hop.method, url: hop.url, attempt: context.number },
        hop.headers,
        request.credentials,
        context.secrets(),
        signal,
      );
    }
    started = performance.now();
    const response = await bounded(
      context.fetch(hop.url, {
        method: hop.method,
        headers: hop.headers,
        body: hop.body,
        signal,
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
          attempt: context.number,
          milliseconds: performance.now() - started,
        },
        response.headers,
        context.secrets(),
        signal,
      );
    }
    if (response.type === "opaqueredirect") {
      throw new APIConnectionError(
        `${hop.method} ${context.redact(hop.url)} was redirected, and this runtime does not ` +
          "show where to; " +
          "set baseUrl to the address the server redirects to",
      );
    }
    return response;
  };
  const readBody = <V>(response: Response, reader: BodyReader<V>) =>
    bounded(reader(response, signal)).catch((error) => {
      if (error instanceof BodyTooLarge) {
        throw new ResponseValidationError(operation.method, context.redact(hop.url), [{
          path: "",
          message: `${error.message} (maxResponseBytes); it was not read further`,
        }], undefined);
      }
      throw signal.aborted ? error : new APIConnectionError(
        `${hop.method} ${context.redact(hop.url)}: the connection broke while the answer was ` +
          `read: ${context.redact(error instanceof Error ? error.message : String(error))}`,
        { cause: scrubbed(error, context.redact) },
      );
    });
  try {
    const end = await followRedirects(hop, send, context.redirects);
    if (end.refusal) return { ok: false, response: end.response, text: "", refusal: end.refusal };
    if (end.response.ok) {
      return { ok: true, response: end.response, value: await readBody(end.response, read) };
    }
    return {
      ok: false,
      response: end.response,
      text: await readBody(end.response, readText(context.maxResponseBytes)),
    };
  } catch (error) {
    const failure = timer.signal.aborted && !context.signal?.aborted ? timer.signal.reason : error;
    if (!middleware.empty && !(failure instanceof MiddlewareError)) {
      await middleware.failure(
        {
          operationId: operation.id,
          method: hop.method,
          url: hop.url,
          error: failureOf(operation.method, context.redact(hop.url), failure, context.signal),
          attempt: context.number,
          milliseconds: performance.now() - started,
        },
        context.secrets(),
        context.signal,
      );
    }
    // What the runtime says of a failed fetch may quote the URL a redirect chose.
    throw failure instanceof AirflowError || context.signal?.aborted
      ? failure
      : scrubbed(failure, context.redact);
  } finally {
    clearTimeout(handle);
    context.limiter?.release();
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
