/**
 * Progress on standard error: on a terminal, one line redrawn in place; elsewhere, a plain line
 * each time the progress changes. Output to standard output goes above the live line.
 *
 * @module
 */
import type { Output } from "../io.ts";
import { truncate } from "./table.ts";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** The progress line of a long operation. */
export class StatusLine {
  readonly #stderr: Output;
  readonly #live: boolean;
  readonly #quiet: boolean;
  #text = "";
  #drawn = false;
  #frame = 0;
  #lastPlain = "";

  /**
   * @param stderr Where progress goes.
   * @param quiet Show nothing (`--quiet`).
   */
  constructor(stderr: Output, quiet: boolean) {
    this.#stderr = stderr;
    this.#live = stderr.isTTY && !quiet;
    this.#quiet = quiet;
  }

  /** Whether the line is redrawn in place. */
  get live(): boolean {
    return this.#live;
  }

  /**
   * Shows progress: `text` redrawn on a terminal; elsewhere `prefix` and `plain` are printed
   * when `plain` differs from the last one printed.
   */
  show(text: string, plain: string, prefix = ""): void {
    if (this.#quiet) return;
    if (!this.#live) {
      if (plain !== this.#lastPlain) this.#stderr.write(prefix + plain + "\n");
      this.#lastPlain = plain;
      return;
    }
    this.#text = text;
    this.#draw();
  }

  /** Writes with `write` while the live line is out of the way. */
  above(write: () => void): void {
    if (!this.#drawn) return write();
    this.#erase();
    write();
    this.#draw();
  }

  /** Removes the live line for good. */
  clear(): void {
    if (this.#drawn) this.#erase();
    this.#text = "";
  }

  #draw(): void {
    if (!this.#text) return;
    const width = (this.#stderr.columns ?? 80) - 1;
    const spinner = SPINNER[this.#frame++ % SPINNER.length];
    this.#stderr.write(`\r\x1b[2K${truncate(`${spinner} ${this.#text}`, width)}`);
    this.#drawn = true;
  }

  #erase(): void {
    this.#stderr.write("\r\x1b[2K");
    this.#drawn = false;
  }
}
