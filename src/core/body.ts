/**
 * Reading a body within a size limit, counted on decoded bytes, so that an answer that never
 * ends, or a small compressed one that inflates to gigabytes, stops early.
 *
 * @module
 */

/** The default `maxResponseBytes`: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES: number = 64 * 1024 * 1024;

/** Thrown by {@link readTextWithin} when the body passes its limit. */
export class BodyTooLarge extends Error {
  /** @param limit The limit, in bytes. */
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes`);
  }
}

/**
 * The body as text. A body whose length is known (a `Content-Length` within `limit`, neither
 * compressed nor chunked, which a server could pair with a false length) is read at once; any
 * other is read chunk by chunk and cancelled as soon as it passes `limit` bytes, or as soon as
 * `stop` aborts (given by a reader whose fetch no longer bounds the body).
 */
export async function readTextWithin(
  response: Response,
  limit: number,
  stop?: AbortSignal,
): Promise<string> {
  const headers = response.headers;
  const length = Number(headers.get("content-length") ?? NaN);
  const framed = !headers.has("transfer-encoding") &&
    (headers.get("content-encoding") ?? "identity") === "identity";
  if (!stop && framed && Number.isInteger(length) && length <= limit) return await response.text();
  if (!response.body) return "";
  const decoder = new TextDecoder();
  let text = "";
  await eachChunkWithin(response.body, limit, (chunk) => {
    text += decoder.decode(chunk, { stream: true });
  }, stop);
  return text + decoder.decode();
}

/** A stream's bytes, cancelled with {@link BodyTooLarge} once they pass `limit`. */
export async function readBytesWithin(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  await eachChunkWithin(stream, limit, (chunk) => {
    chunks.push(chunk);
    bytes += chunk.byteLength;
  });
  const out = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Hands each chunk of `stream` to `take`; throws {@link BodyTooLarge} once they pass `limit`
 * bytes, and cancels the stream then, on any other failure, or when `stop` aborts.
 */
async function eachChunkWithin(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  take: (chunk: Uint8Array) => void,
  stop?: AbortSignal,
): Promise<void> {
  const reader = stream.getReader();
  stop?.addEventListener("abort", () => reader.cancel().catch(() => {}), { once: true });
  let bytes = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      bytes += value.byteLength;
      if (bytes > limit) throw new BodyTooLarge(limit);
      take(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
}
