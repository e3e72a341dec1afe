/**
 * An MCP (Model Context Protocol) server for Apache Airflow 3 and 2, built on
 * `@airflowkit/client`: assistants check Airflow's health, list DAGs and their import errors,
 * find failed runs across DAGs, read task logs, and, when the operator allows writes, pause,
 * trigger and clear. Web-standard only, so it runs as a Cloudflare Worker
 * (`@airflowkit/mcp/worker`) as well as on Deno, Node and Bun; `@airflowkit/mcp/main` is the
 * program (stdio, or `--http`).
 *
 * - {@link createMcpHandler}: the Streamable HTTP endpoint as a `Request` to `Response` handler.
 * - {@link configFromEnv}: the configuration, from environment variables or a Worker's `env`.
 *
 * @example Serve the endpoint with Deno
 * ```ts ignore
 * import { configFromEnv, createMcpHandler } from "@airflowkit/mcp";
 *
 * const handler = createMcpHandler(configFromEnv(Deno.env.toObject()));
 * Deno.serve({ hostname: "127.0.0.1", port: 8787 }, handler);
 * ```
 *
 * @module
 */
export {
  type AccessSettings,
  type AirflowCredentials,
  ConfigError,
  configFromEnv,
  type Env,
  ENV_VARIABLES,
  type McpConfig,
} from "./src/config/config.ts";
export { Secret } from "./src/config/secret.ts";
export {
  createMcpHandler,
  type HandlerOptions,
  MCP_PATH,
  type McpHandler,
} from "./src/http/handler.ts";
