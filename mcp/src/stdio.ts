/**
 * The server over stdio, for desktop assistants that start it as a child process: messages on
 * standard input and output, logs on standard error.
 *
 * @module
 */
import process from "node:process";
// @ts-types="@modelcontextprotocol/sdk/server/stdio"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { airflowOpener } from "./airflow/open.ts";
import type { McpConfig } from "./config/config.ts";
import { buildServer } from "./server.ts";

/**
 * Serves MCP on this process's standard input and output until the input ends.
 *
 * @param config The server's configuration (no HTTP settings needed).
 * @param log Where unexpected errors are written. Default: standard error.
 */
export async function serveStdio(
  config: McpConfig,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<void> {
  const server = buildServer(config, airflowOpener(config), log);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  await server.connect(new StdioServerTransport());
  process.stdin.once("end", () => void server.close());
  await closed;
}
