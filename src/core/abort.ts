/**
 * Abort helpers that do not trust the awaited work to honour the signal: an injected `fetch`
 * or a stuck body read may never settle, and the caller must still get control back.
 *
 * @module
 */

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
export function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Settles like `promise` within `ms`, or rejects with `timedOut()` once the time is up, or with
 * the signal's reason as soon as it aborts.
 */
export async function withinTime<T>(
  promise: Promise<T>,
  ms: number,
  signal: AbortSignal | undefined,
  timedOut: () => Error,
): Promise<T> {
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(timedOut()), ms);
  try {
    return await untilAborted(
      promise,
      signal ? AbortSignal.any([signal, timer.signal]) : timer.signal,
    );
  } finally {
    clearTimeout(handle);
  }
}
