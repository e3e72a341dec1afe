/**
 * The Airflow MCP server as a Cloudflare Worker: `POST /mcp` over Streamable HTTP, configured by
 * the Worker's vars and secrets (`AIRFLOW_URL`, `AIRFLOW_TOKEN` or `AIRFLOW_USERNAME` and
 * `AIRFLOW_PASSWORD`, `MCP_BEARER_TOKEN` or Cloudflare Access, `MCP_ALLOW_WRITES`, …). Point
 * `main` in `wrangler.toml` at this module, or re-export it from your own.
 *
 * @example Your Worker's entry
 * ```ts ignore
 * export { default } from "@airflowkit/mcp/worker";
 * ```
 *
 * @module
 */
import * as z from "zod";
import { configFromEnv } from "./src/config/config.ts";
import { createMcpHandler, type McpHandler } from "./src/http/handler.ts";

z.config({ jitless: true });

/** The handler of each `env` seen: an isolate keeps one, with its Airflow connection. */
const handlers = new WeakMap<object, McpHandler>();

function handlerFor(env: Record<string, unknown>): McpHandler {
  let handler = handlers.get(env);
  if (!handler) {
    handler = createMcpHandler(configFromEnv(env));
    handlers.set(env, handler);
  }
  return handler;
}

/** The Worker. */
const worker: { fetch(request: Request, env: Record<string, unknown>): Promise<Response> } = {
  async fetch(request, env) {
    let handler: McpHandler;
    try {
      handler = handlerFor(env);
    } catch (error) {
      // A ConfigError names the variable at fault, never its value.
      console.error(`airflowkit-mcp: ${error instanceof Error ? error.message : String(error)}`);
      return new Response("The MCP server is misconfigured; the Worker's log says how.\n", {
        status: 500,
      });
    }
    return await handler(request);
  },
};

export default worker;
