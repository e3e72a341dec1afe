/**
 * One runtime timer for the time bounds of many attempts. Setting and clearing a timer for every
 * attempt costs several microseconds a call on some runtimes (about 6 µs on Deno); most attempts
 * end long before their bound, so a client keeps one timer, set for the earliest bound it has
 * been given, and only looks at what is due when it fires.
 *
 * The timer keeps a process alive only while some bound is pending, as a timer per attempt
 * would. Where the runtime cannot say so (`unref`: Deno, Node and Bun can; Workers and browsers
 * cannot, and a Worker's timers may end with the request that set them), each bound has a timer
 * of its own.
 *
 * @module
 */

/** A bound given to {@link DeadlineTimer.start}, to hand back to {@link DeadlineTimer.stop}. */
export interface Alarm {
  /** When it is due, on the `performance.now()` clock. */
  readonly at: number;
  /** Called once when it is due, unless stopped first. */
  readonly expire: () => void;
  /** Its own timer, when the runtime cannot share one. */
  handle?: ReturnType<typeof setTimeout>;
}

/** Runs each alarm's `expire` when it is due, with one runtime timer for all of them. */
export class DeadlineTimer {
  readonly #pending = new Set<Alarm>();
  #handle?: ReturnType<typeof setTimeout>;
  #firesAt = Infinity;
  /** Whether the runtime can tell a timer not to keep the process alive; known once one is set. */
  #shared?: boolean;

  /**
   * Calls `expire` in `ms` milliseconds unless the alarm is stopped first.
   *
   * @example
   * ```ts
   * import { DeadlineTimer } from "./deadline_timer.ts";
   *
   * const timer = new DeadlineTimer();
   * const controller = new AbortController();
   * const alarm = timer.start(5_000, () => controller.abort());
   * timer.stop(alarm);
   * ```
   */
  start(ms: number, expire: () => void): Alarm {
    const alarm: Alarm = { at: performance.now() + ms, expire };
    if (this.#shared !== true) {
      // The first alarm has a timer of its own, which shows whether the runtime can share one.
      alarm.handle = setTimeout(expire, ms);
      this.#shared ??= canKeepAlive(alarm.handle);
      return alarm;
    }
    if (this.#pending.size === 0 && this.#handle !== undefined) keepAlive(this.#handle, true);
    this.#pending.add(alarm);
    if (alarm.at < this.#firesAt) this.#arm(alarm.at);
    return alarm;
  }

  /** Forgets `alarm`: its `expire` will not be called. */
  stop(alarm: Alarm): void {
    if (alarm.handle !== undefined) return clearTimeout(alarm.handle);
    if (this.#pending.delete(alarm) && this.#pending.size === 0 && this.#handle !== undefined) {
      keepAlive(this.#handle, false);
    }
  }

  #arm(at: number): void {
    clearTimeout(this.#handle);
    this.#firesAt = at;
    this.#handle = setTimeout(() => this.#fire(), Math.max(0, at - performance.now()));
  }

  #fire(): void {
    this.#handle = undefined;
    this.#firesAt = Infinity;
    const now = performance.now();
    const due: Alarm[] = [];
    let next = Infinity;
    for (const alarm of this.#pending) {
      if (alarm.at <= now) due.push(alarm);
      else if (alarm.at < next) next = alarm.at;
    }
    for (const alarm of due) this.#pending.delete(alarm);
    if (next !== Infinity) this.#arm(next);
    for (const alarm of due) alarm.expire();
  }
}

/** Deno's timer functions, where there are. */
function denoTimers(): { refTimer(id: number): void; unrefTimer(id: number): void } | undefined {
  const deno = Reflect.get(globalThis, "Deno");
  return typeof deno?.unrefTimer === "function" ? deno : undefined;
}

function canKeepAlive(handle: ReturnType<typeof setTimeout>): boolean {
  if (typeof handle === "object") return typeof Reflect.get(handle, "unref") === "function";
  return denoTimers() !== undefined;
}

/** Makes `handle` keep the process alive, or not (`ref` and `unref`). */
function keepAlive(handle: ReturnType<typeof setTimeout>, alive: boolean): void {
  if (typeof handle === "object") {
    (Reflect.get(handle, alive ? "ref" : "unref") as () => void).call(handle);
  } else {
    const deno = denoTimers()!;
    if (alive) deno.refTimer(handle);
    else deno.unrefTimer(handle);
  }
}
