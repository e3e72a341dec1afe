/**
 * A password or token that shows as `[redacted]` wherever it could be printed: `String()`,
 * `JSON.stringify` and the inspection of Deno, Node and Bun.
 *
 * @module
 */

const REDACTED = "[redacted]";

/** A secret value; only {@link Secret.reveal} gives it back. */
export class Secret {
  readonly #value: string;

  /** @param value The secret. */
  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself, for the one place that sends it. */
  reveal(): string {
    return this.#value;
  }

  /** `[redacted]`. */
  toString(): string {
    return REDACTED;
  }

  /** `[redacted]`. */
  toJSON(): string {
    return REDACTED;
  }

  /** `[redacted]`, for Node's and Bun's `util.inspect`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return REDACTED;
  }

  /** `[redacted]`, for Deno's `Deno.inspect`. */
  [Symbol.for("Deno.customInspect")](): string {
    return REDACTED;
  }
}
