/**
 * An overall time limit for work made of many requests (waiting for a run, following a log),
 * joined with the caller's abort signal.
 *
 * @module
 */
import { AbortLink } from "./abort.ts";
import { APITimeoutError, APIUserAbortError, type FieldIssue } from "./errors.ts";
import { MAX_TIMER_MS } from "./options.ts";
import { describeValue } from "./wire.ts";

/** The caller's signal and an optional time limit, as one signal for every request made. */
export class Deadline {
  /** Aborts when the caller aborts or the time is up. */
  readonly signal: AbortSignal;
  readonly #what: string;
  readonly #timeout?: number;
  readonly #link: AbortLink;
  readonly #handle?: ReturnType<typeof setTimeout>;
  #timedOut = false;

  /**
   * Starts the clock.
   *
   * @param what The work, for error messages, such as `waiting for dag run r of etl`.
   * @param signal The caller's signal, if any.
   * @param timeout Milliseconds allowed in all; `undefined` for no limit.
   */
  constructor(what: string, signal: AbortSignal | undefined, timeout: number | undefined) {
    this.#what = what;
    this.#timeout = timeout;
    this.#link = new AbortLink(signal);
    this.signal = this.#link.signal;
    if (timeout !== undefined) {
      this.#handle = setTimeout(() => {
        this.#timedOut = !this.signal.aborted;
        this.#link.abort();
      }, timeout);
    }
  }

  /** The error to throw for `error`: a timeout or an abort if either happened, else `error`. */
  explain(error: unknown): unknown {
    if (this.#timedOut) {
      return new APITimeoutError(`${this.#what} timed out after ${this.#timeout} ms`, {
        cause: error,
      });
    }
    if (this.signal.aborted && !(error instanceof APIUserAbortError)) {
      return new APIUserAbortError(`${this.#what} was aborted`, { cause: this.signal.reason });
    }
    return error;
  }

  /** Stops the clock. */
  dispose(): void {
    clearTimeout(this.#handle);
    this.#link.unlink();
  }
}

/**
 * Problems with an option that must be a positive number (of `unit`), if given; a duration must
 * also fit a timer, since a longer one would fire at once.
 */
export function positiveNumberIssues(
  name: string,
  value: unknown,
  unit = "milliseconds",
): FieldIssue[] {
  const limit = unit === "milliseconds" ? MAX_TIMER_MS : Number.MAX_SAFE_INTEGER;
  if (
    value === undefined ||
    (typeof value === "number" && Number.isFinite(value) && value > 0 && value <= limit)
  ) {
    return [];
  }
  return [{
    path: `options.${name}`,
    message: `must be a positive number of ${unit} up to ${limit}, got ${describeValue(value)}`,
  }];
}
