/**
 * The MCP endpoint over Streamable HTTP as a web-standard handler (`Request` in, `Response`
 * out), so that the same code serves a Cloudflare Worker, `Deno.serve`, `Bun.serve` and Node.
 * It answers `POST /mcp` statelessly with the SDK's `WebStandardStreamableHTTPServerTransport`:
 * each request gets its own server and transport, and an answer streamed as server-sent events,
 * which carry progress notifications before the result. Before that it checks, in order: the
 * path, the `Origin` of browser requests, and the caller's bearer token or Access assertion.
 *
 * @module
 */
// @ts-types="@modelcontextprotocol/sdk/server/webStandardStreamableHttp"
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { type AirflowOpener, airflowOpener } from "../airflow/open.ts";
import type { McpConfig } from "../config/config.ts";
import { buildServer } from "../server.ts";
import type { Logger } from "../tools/register.ts";
import { authorizer } from "./auth.ts";

/** The path the endpoint answers on. */
export const MCP_PATH = "/mcp";

/** The largest request body read, in bytes: tool arguments are small. */
const MAX_BODY = 1024 * 1024;

/** Options of {@link createMcpHandler} besides the configuration. */
export interface HandlerOptions {
  /** Where unexpected errors are written, scrubbed of credentials. Default `console.error`. */
  log?: (line: string) => void;
  /** The `fetch` for Cloudflare Access's keys. Default: the global one. */
  fetch?: typeof fetch;
}

/** A web-standard request handler. */
export type McpHandler = (request: Request) => Promise<Response>;

const CORS_HEADERS =
  "authorization, content-type, mcp-protocol-version, mcp-session-id, last-event-id";

function refusal(status: number, message: string, headers: HeadersInit = {}): Response {
  const body = { jsonrpc: "2.0", error: { code: -32000, message }, id: null };
  return Response.json(body, { status, headers });
}

function withCors(response: Response, origin: string | null): Response {
  if (origin === null) return response;
  const headers = new Headers(response.headers);
  headers.set("access-control-allow-origin", origin);
  headers.set("access-control-expose-headers", "mcp-session-id, mcp-protocol-version");
  headers.append("vary", "origin");
  return new Response(response.body, { status: response.status, headers });
}

async function serve(
  request: Request,
  config: McpConfig,
  airflow: AirflowOpener,
  log: Logger,
): Promise<Response> {
  if (request.method !== "POST") {
    return refusal(405, "This stateless endpoint takes POST only.", { allow: "POST" });
  }
  const server = buildServer(config, airflow, log);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    maxRequestBodySize: MAX_BODY,
  });
  await server.connect(transport);
  return closingWith(await transport.handleRequest(request), () => server.close());
}

/**
 * `response` with a body that closes the server once it is read to its end or cancelled: a
 * client that goes away (or cancels its call) cancels the body, and closing the server aborts
 * the tool still running, such as a wait, instead of leaving it to poll Airflow.
 */
function closingWith(response: Response, close: () => Promise<void>): Response {
  const source = response.body;
  if (!source) {
    void close();
    return response;
  }
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (!done) return controller.enqueue(value);
      controller.close();
      await close();
    },
    async cancel(reason) {
      await reader.cancel(reason).catch(() => {});
      await close();
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

/**
 * The MCP endpoint for `config`, as a handler of web-standard requests. The Airflow connection
 * is made on the first tool call and shared by later requests.
 *
 * @param config The server's configuration: bearer tokens or Access must be set.
 * @param options Logging, and the `fetch` for Access's keys.
 * @returns The handler: `POST /mcp` for MCP, 404 elsewhere.
 * @throws {ConfigError} When neither bearer tokens nor Cloudflare Access are configured.
 * @example Serve it with Deno
 * ```ts ignore
 * import { configFromEnv, createMcpHandler } from "@airflowkit/mcp";
 *
 * const handler = createMcpHandler(configFromEnv(Deno.env.toObject()));
 * Deno.serve({ hostname: "127.0.0.1", port: 8787 }, handler);
 * ```
 */
export function createMcpHandler(config: McpConfig, options: HandlerOptions = {}): McpHandler {
  const authorized = authorizer(config, options.fetch);
  const airflow = airflowOpener(config);
  const log = options.log ?? ((line: string) => console.error(line));
  const origins = new Set(config.allowedOrigins);
  return async (request) => {
    if (new URL(request.url).pathname !== MCP_PATH) {
      return refusal(404, `Not found: the MCP endpoint is ${MCP_PATH}.`);
    }
    const origin = request.headers.get("origin");
    if (origin !== null && !origins.has(origin)) {
      return refusal(403, "This origin may not call the MCP endpoint (see MCP_ALLOWED_ORIGINS).");
    }
    if (request.method === "OPTIONS") {
      return withCors(
        new Response(null, {
          status: 204,
          headers: {
            "access-control-allow-methods": "POST",
            "access-control-allow-headers": CORS_HEADERS,
            "access-control-max-age": "600",
          },
        }),
        origin,
      );
    }
    if (!(await authorized(request))) {
      const challenge = { "www-authenticate": 'Bearer realm="airflowkit-mcp"' };
      return withCors(
        refusal(401, "Unauthorized: send the server's bearer token.", challenge),
        origin,
      );
    }
    return withCors(await serve(request, config, airflow, log), origin);
  };
}
