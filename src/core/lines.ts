/**
 * Reads newline-delimited text from a byte stream as it arrives. At most one partial line is
 * held, in one buffer that grows by doubling, so memory stays linear in the longest line however
 * the bytes are chunked, and a body of any length streams through in constant space.
 *
 * @module
 */
import { untilAborted, withinTime } from "./abort.ts";
import { AirflowError, APITimeoutError } from "./errors.ts";

/** Longest line accepted by default, in bytes: 16 MiB. */
export const DEFAULT_MAX_LINE_BYTES: number = 16 * 1024 * 1024;

const NEWLINE = 0x0a;

/** Options of {@link readLines}. */
export interface ReadLinesOptions {
  /** Stops reading and cancels the body as soon as it aborts. */
  signal?: AbortSignal;
  /** Longest line accepted, in bytes; a longer one fails the read. */
  maxLineBytes?: number;
  /** Milliseconds without a byte after which the read fails with an `APITimeoutError`. */
  idleTimeout?: number;
  /** What the stream is, for the timeout's message. */
  label?: string;
}

/**
 * Yields each non-blank line of `body` (without its `\n` or `\r\n`) as soon as it is complete.
 * Lines are split on bytes before decoding, so a chunk may end anywhere, even inside a UTF-8
 * character. Leaving the loop early cancels the body, and so does aborting, at once, even while
 * the consumer holds a line and reads nothing.
 */
export async function* readLines(
  body: ReadableStream<Uint8Array>,
  options: ReadLinesOptions = {},
): AsyncGenerator<string, void, undefined> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const reader = body.getReader();
  // The body may have been fetched under a signal that no longer follows the caller's, so an
  // abort while the consumer holds a line must close it here, without waiting for the next read.
  const cancel = () => void reader.cancel().catch(() => {});
  options.signal?.addEventListener("abort", cancel, { once: true });
  // Each line is decoded on its own, so the decoder must keep a U+FEFF that starts a line;
  // only one that starts the body is a byte order mark.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const partial = new PartialLine(maxLineBytes);
  let firstLine = true;
  let finished = false;
  const read = () => {
    const next = reader.read();
    const idle = options.idleTimeout;
    if (idle === undefined) return untilAborted(next, options.signal);
    return withinTime(next, idle, options.signal, () =>
      new APITimeoutError(
        `${options.label ?? "the stream"} sent nothing for ${idle} ms (idleTimeout)`,
      ));
  };
  const takeLine = (tail: Uint8Array): string | undefined => {
    let text = decoder.decode(partial.take(tail));
    if (firstLine) {
      firstLine = false;
      if (text.startsWith("\uFEFF")) text = text.slice(1);
    }
    const line = text.endsWith("\r") ? text.slice(0, -1) : text;
    return line.trim() === "" ? undefined : line;
  };
  try {
    for (;;) {
      const { value, done } = await read();
      if (done) break;
      let start = 0;
      for (let end = value.indexOf(NEWLINE); end !== -1; end = value.indexOf(NEWLINE, start)) {
        const line = takeLine(partial.check(value.subarray(start, end)));
        start = end + 1;
        if (line !== undefined) yield line;
      }
      if (start < value.length) partial.append(value.subarray(start));
    }
    const last = partial.empty ? undefined : takeLine(new Uint8Array(0));
    finished = true;
    if (last !== undefined) yield last;
  } finally {
    options.signal?.removeEventListener("abort", cancel);
    if (finished) reader.releaseLock();
    else cancel();
  }
}

/** The bytes of a line not yet ended, in one buffer that doubles as it fills. */
class PartialLine {
  #buffer = new Uint8Array(0);
  #length = 0;
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  get empty(): boolean {
    return this.#length === 0;
  }

  /** `tail` if the line it ends is not too long; else an error. */
  check(tail: Uint8Array): Uint8Array {
    if (this.#length + tail.length > this.#max) {
      throw new AirflowError(`a streamed line is longer than ${this.#max} bytes`);
    }
    return tail;
  }

  /** Keeps `bytes` as the start, or more, of the next line. */
  append(bytes: Uint8Array): void {
    const needed = this.#length + this.check(bytes).length;
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2, 256));
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(bytes, this.#length);
    this.#length = needed;
  }

  /** The whole line, the held bytes then `tail`, and empties the buffer. */
  take(tail: Uint8Array): Uint8Array {
    if (this.#length === 0) return tail;
    this.append(tail);
    const line = this.#buffer.slice(0, this.#length);
    this.#length = 0;
    if (this.#buffer.length > 1 << 20) this.#buffer = new Uint8Array(0);
    return line;
  }
}
