/**
 * Serving a web-standard handler on a port with the runtime's own server: `Deno.serve`,
 * `Bun.serve`, or Node's `http` through `@hono/node-server`, found by feature detection.
 *
 * @module
 */
import { serve as serveOnNode } from "@hono/node-server";
import type { McpHandler } from "./handler.ts";

/** Where to listen. */
export interface ListenOptions {
  /** Interface. Default `127.0.0.1`. */
  hostname?: string;
  /** Port; 0 picks a free one. Default 8787. */
  port?: number;
}

/** A running server. */
export interface Served {
  /** Such as `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

interface DenoLike {
  serve(
    options: { hostname: string; port: number; onListen?: (addr: unknown) => void },
    handler: McpHandler,
  ): { addr: { port: number }; shutdown(): Promise<void> };
}

interface BunLike {
  serve(options: { hostname: string; port: number; idleTimeout: number; fetch: McpHandler }): {
    port: number;
    stop(closeActive?: boolean): void | Promise<void>;
  };
}

function urlOf(hostname: string, port: number): string {
  return `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
}

/** Serves `handler` on `options.hostname`:`options.port`. */
export async function serveHandler(
  handler: McpHandler,
  options: ListenOptions = {},
): Promise<Served> {
  const hostname = options.hostname ?? "127.0.0.1";
  const port = options.port ?? 8787;
  const runtime = globalThis as { Deno?: DenoLike; Bun?: BunLike };
  if (runtime.Deno) {
    const server = runtime.Deno.serve({ hostname, port, onListen: () => {} }, handler);
    return {
      url: urlOf(hostname, server.addr.port),
      port: server.addr.port,
      close: () => server.shutdown(),
    };
  }
  if (runtime.Bun) {
    // Bun closes connections idle for 10 s by default; a wait streams a keep-alive every 15 s.
    const server = runtime.Bun.serve({ hostname, port, idleTimeout: 255, fetch: handler });
    return {
      url: urlOf(hostname, server.port),
      port: server.port,
      close: async () => await server.stop(true),
    };
  }
  return await new Promise((resolve) => {
    const server = serveOnNode({ fetch: handler, hostname, port }, (info) => {
      resolve({
        url: urlOf(hostname, info.port),
        port: info.port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
