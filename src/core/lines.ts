/**
 * Reads newline-delimited text from a byte stream as it arrives. At most one partial line is
 * held in memory, so a body of any length streams through in constant space.
 *
 * @module
 */
import { untilAborted } from "./abort.ts";
import { AirflowError } from "./errors.ts";

/** Longest line accepted by default, in bytes: 16 MiB. */
export const DEFAULT_MAX_LINE_BYTES: number = 16 * 1024 * 1024;

const NEWLINE = 0x0a;

/** Options of {@link readLines}. */
export interface ReadLinesOptions {
  /** Stops reading and cancels the body as soon as it aborts. */
  signal?: AbortSignal;
  /** Longest line accepted, in bytes; a longer one fails the read. */
  maxLineBytes?: number;
}

/**
 * Yields each non-blank line of `body` (without its `\n` or `\r\n`) as soon as it is complete.
 * Lines are split on bytes before decoding, so a chunk may end anywhere, even inside a UTF-8
 * character. Leaving the loop early, or aborting, cancels the body.
 */
export async function* readLines(
  body: ReadableStream<Uint8Array>,
  options: ReadLinesOptions = {},
): AsyncGenerator<string, void, undefined> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const reader = body.getReader();
  // Each line is decoded on its own, so the decoder must keep a U+FEFF that starts a line;
  // only one that starts the body is a byte order mark.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let firstLine = true;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let finished = false;
  const takeLine = (tail: Uint8Array): string | undefined => {
    const bytes = pending.length === 0
      ? tail
      : concat([...pending, tail], pendingBytes + tail.length);
    pending = [];
    pendingBytes = 0;
    let text = decoder.decode(bytes);
    if (firstLine) {
      firstLine = false;
      if (text.startsWith("\uFEFF")) text = text.slice(1);
    }
    const line = text.endsWith("\r") ? text.slice(0, -1) : text;
    return line.trim() === "" ? undefined : line;
  };
  try {
    for (;;) {
      const { value, done } = await untilAborted(reader.read(), options.signal);
      if (done) break;
      let start = 0;
      for (let end = value.indexOf(NEWLINE); end !== -1; end = value.indexOf(NEWLINE, start)) {
        checkLength(pendingBytes + end - start, maxLineBytes);
        const line = takeLine(value.subarray(start, end));
        start = end + 1;
        if (line !== undefined) yield line;
      }
      if (start < value.length) {
        checkLength(pendingBytes + value.length - start, maxLineBytes);
        pending.push(value.slice(start));
        pendingBytes += value.length - start;
      }
    }
    const last = pendingBytes > 0 ? takeLine(new Uint8Array(0)) : undefined;
    finished = true;
    if (last !== undefined) yield last;
  } finally {
    if (finished) reader.releaseLock();
    else reader.cancel().catch(() => {});
  }
}

function checkLength(bytes: number, maxLineBytes: number): void {
  if (bytes > maxLineBytes) {
    throw new AirflowError(`a streamed line is longer than ${maxLineBytes} bytes`);
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
