/**
 * A response body the test writes to as it goes, to show that readers use lines as they arrive
 * and cancel the body when they stop.
 *
 * @module
 */

/** A byte stream fed by the test. */
export interface ControlledStream {
  /** The stream to put in a `Response`. */
  stream: ReadableStream<Uint8Array>;
  /** Writes text (UTF-8) or bytes. */
  push(chunk: string | Uint8Array): void;
  /** Ends the stream. */
  close(): void;
  /** Resolves when the reader cancels the stream. */
  cancelled: Promise<void>;
  /** Whether the reader has cancelled the stream. */
  readonly isCancelled: boolean;
}

/** Creates a stream that stays open until the test closes it or the reader cancels it. */
export function controlledStream(): ControlledStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let onCancel!: () => void;
  let isCancelled = false;
  const cancelled = new Promise<void>((resolve) => (onCancel = resolve));
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: () => {
      isCancelled = true;
      onCancel();
    },
  });
  return {
    stream,
    push: (chunk) => controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk),
    close: () => controller.close(),
    cancelled,
    get isCancelled() {
      return isCancelled;
    },
  };
}

/** An NDJSON response around `stream`. */
export function ndjson(stream: ReadableStream<Uint8Array>, headers: HeadersInit = {}): Response {
  return new Response(stream, {
    headers: {
      "content-type": "application/x-ndjson",
      ...Object.fromEntries(new Headers(headers)),
    },
  });
}
