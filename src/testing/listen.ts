/**
 * Serving a fetch handler on a loopback port with the runtime's own server (Deno or Bun),
 * found by feature detection so that the library imports nothing runtime-specific.
 *
 * @module
 */

/** Where {@link serve} listens. */
export interface ListenOptions {
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Interface. Default `127.0.0.1`. */
  hostname?: string;
  /**
   * Lets pages of any origin call the fake (for browser tests): preflight requests are answered
   * and every answer carries the CORS headers, exposing the ones the client reads. Any web page
   * the machine's browser opens can then drive the fake, so turn it on only for a test run.
   * Default false.
   */
  cors?: boolean;
  /**
   * Host names, besides loopback ones (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`) and
   * `hostname`, that requests may name in their `Host` header. Any other name is answered 421:
   * a page on a hostile site whose name resolves to 127.0.0.1 (DNS rebinding) cannot reach the
   * fake. Default none.
   */
  allowedHosts?: string[];
}

/** A running server. */
export interface Listener {
  /** Base URL, such as `http://127.0.0.1:41234`. */
  url: string;
  /** The port listened on. */
  port: number;
  /** Stops the server. */
  close(): Promise<void>;
}

type FetchHandler = (request: Request) => Promise<Response>;

interface DenoLike {
  serve(
    options: { port: number; hostname: string; onListen?: (addr: unknown) => void },
    handler: FetchHandler,
  ): { addr: { port: number }; shutdown(): Promise<void> };
}

interface BunLike {
  serve(options: { port: number; hostname: string; fetch: FetchHandler }): {
    port: number;
    stop(closeActive?: boolean): void | Promise<void>;
  };
}

/**
 * A copy of a served request without its abort signal: a server's signal may abort as soon as
 * the answer starts (Deno's legacy behaviour), which would end a streamed answer early. A client
 * that goes away cancels the answer's body instead.
 */
async function detached(request: Request): Promise<Request> {
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
  });
}

/** Response headers a page may read: the ones the client looks at beyond the safelisted few. */
const EXPOSED_HEADERS = "Airflow-Continuation-Token, Retry-After, Content-Length";

/** Wraps a handler to answer CORS preflights and mark every answer as readable by any origin. */
function withCors(handler: FetchHandler): FetchHandler {
  return async (request) => {
    if (request.method === "OPTIONS" && request.headers.has("access-control-request-method")) {
      return new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-origin": "*",
          "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE",
          "access-control-allow-headers": request.headers.get("access-control-request-headers") ??
            "",
          "access-control-max-age": "600",
        },
      });
    }
    const response = await handler(request);
    const headers = new Headers(response.headers);
    headers.set("access-control-allow-origin", "*");
    headers.set("access-control-expose-headers", EXPOSED_HEADERS);
    return new Response(response.body, { status: response.status, headers });
  };
}

/** Wraps a handler to answer 421 to requests whose `Host` is not one of `allowed`. */
function withHostCheck(handler: FetchHandler, allowed: ReadonlySet<string>): FetchHandler {
  return (request) => {
    const host = hostName(request.headers.get("host") ?? "");
    if (allowed.has(host) || host.endsWith(".localhost")) return handler(request);
    return Promise.resolve(
      Response.json(
        { detail: "The fake Airflow answers only requests addressed to a loopback name." },
        { status: 421 },
      ),
    );
  };
}

/** The name part of a `Host` header, lower-cased, without the port. */
function hostName(header: string): string {
  const lower = header.trim().toLowerCase();
  if (lower.startsWith("[")) return lower.slice(0, lower.indexOf("]") + 1);
  const colon = lower.lastIndexOf(":");
  return colon === -1 ? lower : lower.slice(0, colon);
}

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** Serves `handler` with `Deno.serve` or `Bun.serve`; throws on any other runtime. */
export function serve(fetchHandler: FetchHandler, options: ListenOptions): Promise<Listener> {
  const hostname = options.hostname ?? "127.0.0.1";
  const port = options.port ?? 0;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  const allowed = new Set(
    [...LOOPBACK_NAMES, host, ...(options.allowedHosts ?? [])].map((name) => name.toLowerCase()),
  );
  const plain: FetchHandler = async (request) => fetchHandler(await detached(request));
  const handler = withHostCheck(options.cors ? withCors(plain) : plain, allowed);
  const deno = Reflect.get(globalThis, "Deno") as DenoLike | undefined;
  if (typeof deno?.serve === "function") {
    const server = deno.serve({ port, hostname, onListen: () => {} }, handler);
    const bound = server.addr.port;
    return Promise.resolve({
      url: `http://${host}:${bound}`,
      port: bound,
      close: () => server.shutdown(),
    });
  }
  const bun = Reflect.get(globalThis, "Bun") as BunLike | undefined;
  if (typeof bun?.serve === "function") {
    const server = bun.serve({ port, hostname, fetch: handler });
    return Promise.resolve({
      url: `http://${host}:${server.port}`,
      port: server.port,
      close: async () => {
        await server.stop(true);
      },
    });
  }
  return Promise.reject(
    new Error(
      "listen() needs Deno or Bun. Elsewhere, fake.fetch is a standard " +
        "(request: Request) => Promise<Response> handler: pass it to your own server " +
        "(for Node, an adapter such as @hono/node-server; in a Worker, export it as fetch).",
    ),
  );
}
