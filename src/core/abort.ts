/**
 * Abort helpers that do not trust the awaited work to honour the signal: an injected `fetch`
 * or a stuck body read may never settle, and the caller must still get control back.
 *
 * @module
 */

/**
 * An abort controller that also aborts, for the same reason, when the caller's signal does,
 * until {@link AbortLink.unlink}. `AbortSignal.any` would join them too, but on Node 20 every
 * signal it makes stays referenced by its sources: a long-lived caller's signal (a shutdown
 * signal given to every call) would hold one more for each call made with it.
 */
export class AbortLink {
  readonly #controller = new AbortController();
  readonly #source?: AbortSignal;
  readonly #forward?: () => void;

  /** @param source The caller's signal, if any. */
  constructor(source?: AbortSignal) {
    if (source?.aborted) {
      this.#controller.abort(source.reason);
    } else if (source) {
      this.#source = source;
      this.#forward = () => this.#controller.abort(source.reason);
      source.addEventListener("abort", this.#forward, { once: true });
    }
  }

  /** Aborts when this link's own `abort` is called or the caller's signal aborts. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Aborts with `reason`. */
  abort(reason?: unknown): void {
    this.#controller.abort(reason);
  }

  /** Stops following the caller's signal, leaving nothing on it. */
  unlink(): void {
    if (this.#forward) this.#source?.removeEventListener("abort", this.#forward);
  }
}

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
  const link = new AbortLink(signal);
  const handle = setTimeout(() => link.abort(timedOut()), ms);
  try {
    return await untilAborted(promise, link.signal);
  } finally {
    clearTimeout(handle);
    link.unlink();
  }
}
