/**
 * Clocks for the fake Airflow: every state it reports is computed from `clock.now()`, and the
 * waits of its streams go through `clock.sleep()`, so a test decides how time passes.
 *
 * @module
 */

/** Where the fake Airflow reads the time and how it waits. */
export interface FakeClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves once `ms` milliseconds of this clock's time have passed; rejects on abort. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

interface Sleeper {
  deadline: number;
  resolve: () => void;
}

/**
 * A clock that moves only when told to. Starts at the current time, rounded down to the second,
 * so that JWT expiries it produces look valid to a client comparing them with `Date.now()`.
 *
 * @example
 * ```ts
 * import { ManualClock } from "@airflowkit/client/testing";
 *
 * const clock = new ManualClock(Date.UTC(2026, 10, 20, 10));
 * const woken = clock.sleep(5_000);
 * await clock.advance(5_000);
 * await woken;
 * ```
 */
export class ManualClock implements FakeClock {
  #now: number;
  #sleepers: Sleeper[] = [];

  /**
   * Creates the clock.
   *
   * @param start Its time, in ms since the epoch. Default: now, rounded down to the second.
   */
  constructor(start: number = Math.floor(Date.now() / 1000) * 1000) {
    this.#now = start;
  }

  /** The current fake time in ms since the epoch. */
  now(): number {
    return this.#now;
  }

  /** Resolves when {@link ManualClock.advance} reaches `now() + ms`. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const sleeper: Sleeper = {
        deadline: this.#now + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((other) => other !== sleeper);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });
  }

  /**
   * Moves time forward by `ms`, waking sleepers whose deadline has come in deadline order and
   * letting the event loop run after each, so that streams waiting on the clock can write.
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + Math.max(0, ms);
    for (;;) {
      const due = this.#sleepers
        .filter((sleeper) => sleeper.deadline <= target)
        .sort((a, b) => a.deadline - b.deadline)[0];
      if (!due) break;
      this.#sleepers = this.#sleepers.filter((sleeper) => sleeper !== due);
      this.#now = Math.max(this.#now, due.deadline);
      due.resolve();
      await yieldToEventLoop();
    }
    this.#now = target;
    await yieldToEventLoop();
  }
}

/** Options of {@link PacedClock}. */
export interface PacedClockOptions {
  /** Fake milliseconds per real millisecond. Default 1. */
  pace?: number;
  /** Fake time at construction, in ms since the epoch. Default: now. */
  start?: number;
}

/**
 * A clock that runs on real time, `pace` times faster: with pace 10, a task of ten seconds
 * takes one real second.
 *
 * @example
 * ```ts
 * import { FakeAirflow, PacedClock } from "@airflowkit/client/testing";
 *
 * const fake = new FakeAirflow({ clock: new PacedClock({ pace: 10 }) });
 * ```
 */
export class PacedClock implements FakeClock {
  /** Fake milliseconds per real millisecond. */
  readonly pace: number;
  readonly #start: number;
  readonly #realStart: number;

  /**
   * Creates the clock.
   *
   * @param options Pace and start time.
   */
  constructor(options: PacedClockOptions = {}) {
    this.pace = options.pace ?? 1;
    if (!(this.pace > 0)) throw new RangeError("pace must be a positive number");
    this.#realStart = Date.now();
    this.#start = options.start ?? this.#realStart;
  }

  /** The current fake time in ms since the epoch. */
  now(): number {
    return this.#start + Math.floor((Date.now() - this.#realStart) * this.pace);
  }

  /** Waits `ms / pace` real milliseconds. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(handle);
        reject(signal?.reason);
      };
      const handle = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms) / this.pace);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
