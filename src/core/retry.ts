/**
 * When to retry, how long to wait first, and the loop that does it.
 *
 * @module
 */
import { type AirflowError, APIUserAbortError } from "./errors.ts";
import type { HttpMethod } from "./operation.ts";

/** Statuses worth another attempt. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** Methods retried without the caller's opt-in. */
export const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(["GET", "PUT", "DELETE"]);

const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/**
 * Milliseconds to wait before retry number `attempt` (1-based): the server's `Retry-After`
 * when it sent one (capped at `maxDelay`), else exponential backoff with jitter.
 */
export function retryDelay(
  attempt: number,
  headers: Headers | undefined,
  maxDelay: number,
): number {
  const fromServer = headers ? parseRetryAfter(headers.get("retry-after")) : undefined;
  if (fromServer !== undefined) return Math.min(fromServer, maxDelay);
  const backoff = Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  return Math.min(backoff * (0.75 + Math.random() * 0.25), maxDelay);
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** What one attempt came to, as the retry loop sees it. */
export type Verdict<T> =
  /** The call is over. */
  | { done: T }
  /** Worth another attempt after a wait (`headers` may hold `Retry-After`); else `error`. */
  | { retry: AirflowError; headers?: Headers }
  /** Try again at once, not counted as a retry (credentials were renewed after a 401). */
  | { again: true };

/** How a call may be retried. */
export interface RetryPolicy {
  /** Retries allowed after the first attempt. */
  maxRetries: number;
  /** Whether the method may be retried at all. */
  mayRetry: boolean;
  /** Longest wait before a retry. */
  maxDelay: number;
  /** Ends a wait between attempts. */
  signal?: AbortSignal;
}

/**
 * Runs `attempt` (given its number, from 1) until it is done, retrying as `policy` allows;
 * throws the last attempt's error when no retry is left.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (number: number) => Promise<Verdict<T>>,
): Promise<T> {
  for (let retries = 0, number = 1;; number++) {
    const verdict = await attempt(number);
    if ("done" in verdict) return verdict.done;
    if ("again" in verdict) continue;
    if (!policy.mayRetry || retries >= policy.maxRetries) throw verdict.retry;
    retries++;
    try {
      await sleep(retryDelay(retries, verdict.headers, policy.maxDelay), policy.signal);
    } catch (reason) {
      throw new APIUserAbortError("aborted while waiting to retry", { cause: reason });
    }
  }
}
