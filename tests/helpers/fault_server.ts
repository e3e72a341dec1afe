/**
 * A loopback HTTP/1.1 server on raw TCP that misbehaves on purpose, byte by byte, which
 * `Deno.serve` cannot: it can promise more body than it sends, stop halfway, never answer, or
 * drop the connection halfway through.
 *
 * A handler picks a {@link Plan} for each request, so a test can script "the first two attempts
 * fail, the third succeeds". Every answer carries `Connection: close` and its connection is
 * closed after it, so each request comes on a connection of its own.
 *
 * @example Two stalls, then an answer
 * ```ts
 * import { json, stallBeforeHeaders, startFaultServer } from "./fault_server.ts";
 *
 * await using server = startFaultServer((_, index) =>
 *   index < 2 ? stallBeforeHeaders() : json({ ok: true })
 * );
 * const response = await fetch(`${server.url}/anything`);
 * ```
 *
 * @module
 */

/** A request as the fault server received it. */
export interface SeenRequest {
  /** HTTP method. */
  method: string;
  /** The full URL, on the server's origin. */
  url: URL;
  /** Request headers. */
  headers: Headers;
  /** The body as text; empty when there is none. */
  body: string;
  /** `performance.now()` when the request had been read. */
  at: number;
}

/**
 * How a connection ends once a plan's bytes are written: `close` closes it, `stall` keeps it
 * open, sending nothing, until the client hangs up or the server closes.
 */
export type PlanEnd = "close" | "stall";

/** What to do with one request: the bytes to write, then how to end. Made by the builders. */
export interface Plan {
  /** Everything written to the client, status line and headers included. */
  readonly bytes: Uint8Array;
  /** What happens after the bytes are written. */
  readonly end: PlanEnd;
}

/** Chooses the plan for a request; `index` counts requests from 0. */
export type FaultHandler = (request: SeenRequest, index: number) => Plan | Promise<Plan>;

/** A running fault server. `await using` closes it. */
export interface FaultServer extends AsyncDisposable {
  /** Origin to send requests to, such as `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Every request read so far, in arrival order. */
  readonly requests: SeenRequest[];
  /** Requests read whose answer is not yet fully written and whose connection is open. */
  readonly inFlight: number;
  /** The highest {@link FaultServer.inFlight} seen. */
  readonly maxInFlight: number;
  /**
   * Closes the listener and every connection, releasing stalled and pending plans, and waits
   * until nothing of the server is left running. Rejects with the first error a handler threw
   * (the client got a 500 for it) or the first request the server could not parse.
   */
  close(): Promise<void>;
}

/** A response body: text (sent as UTF-8) or bytes. */
export type Body = string | Uint8Array;

/**
 * Starts a server on `127.0.0.1` with a free port.
 *
 * @param handler Chooses how to answer each request.
 */
export function startFaultServer(handler: FaultHandler): FaultServer {
  return new LoopbackFaultServer(Deno.listen({ hostname: "127.0.0.1", port: 0 }), handler);
}

/** A complete answer with a correct `Content-Length`; no content type unless given. */
export function reply(status: number, body: Body = "", headers?: HeadersInit): Plan {
  const payload = bytesOf(body);
  return answer(status, payload, headers, payload.length, "close");
}

/** A complete JSON answer, `Content-Type: application/json` unless `headers` says otherwise. */
export function json(body: unknown, status = 200, headers?: HeadersInit): Plan {
  const fields = new Headers(headers);
  if (!fields.has("content-type")) fields.set("content-type", "application/json");
  return reply(status, JSON.stringify(body), fields);
}

/** A redirect to `location`, with an empty body. */
export function redirect(status: number, location: string): Plan {
  return reply(status, "", { location });
}

/**
 * Headers announcing all of `fullBody`, then only its first `sentBytes` bytes, then a normal
 * close: the client sees the connection end before the promised length.
 */
export function truncated(
  status: number,
  fullBody: Body,
  sentBytes: number,
  headers?: HeadersInit,
): Plan {
  return answer(status, bytesOf(fullBody), headers, sentBytes, "close");
}

/** Reads the request and never answers, until the client hangs up or the server closes. */
export function stallBeforeHeaders(): Plan {
  return { bytes: new Uint8Array(), end: "stall" };
}

/** Headers announcing all of `fullBody` and its first `sentBytes` bytes, then silence. */
export function stallMidBody(
  status: number,
  fullBody: Body,
  sentBytes: number,
  headers?: HeadersInit,
): Plan {
  return answer(status, bytesOf(fullBody), headers, sentBytes, "stall");
}

/**
 * Headers announcing all of `fullBody` and its first `sentBytes` bytes, then the connection
 * torn down at once. Not a TCP reset (RST): closing a `Deno.Conn` always shuts its write side
 * down first (a FIN), and Deno has no `SO_LINGER`, so the client sees the connection end early,
 * as with {@link truncated}. (`node:net`'s `resetAndDestroy` does send an RST; Deno's `fetch`
 * reports both as the same "error reading a body from connection".)
 */
export const resetMidBody: typeof truncated = truncated;

/** Exactly `bytes`, nothing added, then `end`: for a broken status line or headers. */
export function raw(bytes: Body, end: PlanEnd = "close"): Plan {
  return { bytes: bytesOf(bytes), end };
}

const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** One character per byte, so that string offsets are byte offsets. */
const latin1 = new TextDecoder("latin1");

function bytesOf(body: Body): Uint8Array {
  return typeof body === "string" ? encoder.encode(body) : body;
}

/** Status line, headers (`Content-Length` of the whole payload unless given), part of payload. */
function answer(
  status: number,
  payload: Uint8Array,
  headers: HeadersInit | undefined,
  sentBytes: number,
  end: PlanEnd,
): Plan {
  if (!Number.isInteger(sentBytes) || sentBytes < 0 || sentBytes > payload.length) {
    throw new RangeError(`sentBytes must be an integer in 0..${payload.length}, got ${sentBytes}`);
  }
  const fields = new Headers(headers);
  if (!fields.has("content-length") && status !== 204 && status !== 304) {
    fields.set("content-length", String(payload.length));
  }
  fields.set("connection", "close");
  const lines = [`HTTP/1.1 ${status} ${REASONS[status] ?? "Unknown"}`];
  for (const [name, value] of fields) lines.push(`${name}: ${value}`);
  const head = encoder.encode(lines.join("\r\n") + "\r\n\r\n");
  const bytes = new Uint8Array(head.length + sentBytes);
  bytes.set(head);
  bytes.set(payload.subarray(0, sentBytes), head.length);
  return { bytes, end };
}

class LoopbackFaultServer implements FaultServer {
  readonly url: string;
  readonly requests: SeenRequest[] = [];
  readonly #listener: Deno.TcpListener;
  readonly #handler: FaultHandler;
  readonly #connections = new Set<Deno.TcpConn>();
  readonly #tasks = new Set<Promise<void>>();
  readonly #closing = Promise.withResolvers<undefined>();
  readonly #errors: unknown[] = [];
  readonly #accepting: Promise<void>;
  #closed = false;
  #inFlight = 0;
  #maxInFlight = 0;

  constructor(listener: Deno.TcpListener, handler: FaultHandler) {
    this.#listener = listener;
    this.#handler = handler;
    this.url = `http://127.0.0.1:${listener.addr.port}`;
    this.#accepting = this.#accept();
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#closing.resolve(undefined);
      this.#listener.close();
      for (const conn of this.#connections) closeQuietly(conn);
    }
    await this.#accepting;
    await Promise.all(this.#tasks);
    if (this.#errors.length > 0) throw this.#errors[0];
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #accept(): Promise<void> {
    try {
      for await (const conn of this.#listener) {
        this.#connections.add(conn);
        const task: Promise<void> = this.#serve(conn).finally(() => {
          closeQuietly(conn);
          this.#connections.delete(conn);
          this.#tasks.delete(task);
        });
        this.#tasks.add(task);
      }
    } catch (error) {
      if (!this.#closed) this.#errors.push(error);
    }
  }

  async #serve(conn: Deno.TcpConn): Promise<void> {
    let request: SeenRequest | undefined;
    try {
      request = await readRequest(conn, this.url);
    } catch (error) {
      if (error instanceof RequestError) {
        this.#errors.push(error);
        await writeAll(conn, reply(400, error.message).bytes).catch(() => {});
      }
      return;
    }
    if (!request) return;
    this.requests.push(request);
    this.#inFlight++;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    try {
      const plan = await this.#plan(request, this.requests.length - 1);
      if (!plan) return;
      await writeAll(conn, plan.bytes);
      if (plan.end === "stall") await untilHangUp(conn);
    } catch {
      // The client hung up or the server closed: the connection is over either way.
    } finally {
      this.#inFlight--;
    }
  }

  /** The handler's plan, a 500 if it threw, or nothing once the server closes. */
  async #plan(request: SeenRequest, index: number): Promise<Plan | undefined> {
    try {
      return await Promise.race([this.#handler(request, index), this.#closing.promise]);
    } catch (error) {
      this.#errors.push(error);
      return reply(500, `fault server handler failed: ${error}`);
    }
  }
}

/** A request the server cannot read as HTTP/1.1. */
class RequestError extends Error {}

const MAX_HEAD_BYTES = 64 * 1024;

/** Reads one request, or returns undefined if the client hung up first. */
async function readRequest(conn: Deno.Conn, origin: string): Promise<SeenRequest | undefined> {
  let received: Uint8Array = new Uint8Array();
  let headEnd: number;
  while ((headEnd = latin1.decode(received).indexOf("\r\n\r\n")) < 0) {
    if (received.length > MAX_HEAD_BYTES) throw new RequestError("request head too large");
    const more = await readSome(conn);
    if (!more) return undefined;
    received = concat(received, more);
  }
  const [requestLine, ...fieldLines] = latin1.decode(received.subarray(0, headEnd)).split("\r\n");
  const [method, target, version, ...extra] = requestLine.split(" ");
  if (!method || !target || !version?.startsWith("HTTP/1.") || extra.length > 0) {
    throw new RequestError(`bad request line: ${JSON.stringify(requestLine)}`);
  }
  const headers = new Headers();
  for (const line of fieldLines) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new RequestError(`bad header line: ${JSON.stringify(line)}`);
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  if (headers.has("transfer-encoding")) {
    throw new RequestError("only Content-Length request bodies are supported");
  }
  const lengthField = headers.get("content-length") ?? "0";
  if (!/^\d+$/.test(lengthField)) throw new RequestError(`bad Content-Length: ${lengthField}`);
  const length = Number(lengthField);
  let body: Uint8Array = received.subarray(headEnd + 4);
  while (body.length < length) {
    const more = await readSome(conn);
    if (!more) return undefined;
    body = concat(body, more);
  }
  return {
    method,
    url: new URL(target, origin),
    headers,
    body: decoder.decode(body.subarray(0, length)),
    at: performance.now(),
  };
}

async function readSome(conn: Deno.Conn): Promise<Uint8Array | undefined> {
  const buffer = new Uint8Array(16 * 1024);
  const count = await conn.read(buffer);
  return count === null ? undefined : buffer.subarray(0, count);
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let written = 0; written < bytes.length;) {
    written += await conn.write(bytes.subarray(written));
  }
}

/** Waits, discarding anything sent, until the client hangs up or the connection is closed. */
async function untilHangUp(conn: Deno.Conn): Promise<void> {
  const sink = new Uint8Array(1024);
  while (await conn.read(sink) !== null) { /* discard */ }
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Already closed.
  }
}
