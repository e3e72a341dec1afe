/**
 * A credential that shows as `[redacted]` wherever it could be printed: `String()`,
 * `JSON.stringify` and the inspection of Deno, Node and Bun.
 *
 * @module
 */

const REDACTED = "[redacted]";

/**
 * A password or token; only {@link Secret.reveal} gives it back.
 *
 * @example
 * ```ts
 * import { Secret } from "@airflowkit/mcp";
 *
 * const token = new Secret("s3cr3t");
 * console.log(JSON.stringify({ token })); // {"token":"[redacted]"}
 * ```
 */
export class Secret {
  readonly #value: string;

  /**
   * Wraps a secret.
   *
   * @param value The secret.
   */
  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself, for the one place that sends or compares it. */
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
