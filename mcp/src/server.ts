/**
 * The MCP server itself, on the SDK's `McpServer`: its name, its instructions for the model, and
 * the tools the configuration allows. One is built per HTTP request (stateless) or per stdio
 * session; the Airflow connection is shared between them.
 *
 * @module
 */
// @ts-types="@modelcontextprotocol/sdk/server/mcp"
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { AirflowOpener } from "./airflow/open.ts";
import type { McpConfig } from "./config/config.ts";
import { TOOLS } from "./tools/all.ts";
import { type Logger, registerTools } from "./tools/register.ts";
import { VERSION } from "./version.ts";

/** What the model is told about the server as it connects. */
function instructions(config: McpConfig): string {
  return [
    "Tools for one Apache Airflow (2 or 3): its health, DAGs and their import errors, runs " +
    "across DAGs, task instances, task logs, variables and pools.",
    config.allowWrites
      ? "Writes are enabled: pause_dag, unpause_dag, trigger_dag_run and clear_failed_tasks " +
        "change production Airflow; ask the user before using them. clear_failed_tasks shows a " +
        "dry run first and needs its confirmation code to clear."
      : "This server is read-only: nothing that pauses, triggers or clears is offered. If the " +
        "user asks for that, say that the server's operator can enable it with " +
        "MCP_ALLOW_WRITES=true.",
    "Ids are case-sensitive; when one is not found the error lists similar ones.",
  ].join(" ");
}

/** Refuses schema checks the server never asks for, without building a validator it won't use. */
const NO_ELICITATION = {
  getValidator(): never {
    throw new Error("this server does not ask clients for input");
  },
};

/** Builds the server with the tools `config` allows, on the Airflow `airflow` opens. */
export function buildServer(config: McpConfig, airflow: AirflowOpener, log: Logger): McpServer {
  const server = new McpServer(
    { name: "airflowkit-mcp", title: "Apache Airflow (airflowkit)", version: VERSION },
    {
      instructions: instructions(config),
      capabilities: { tools: {} },
      jsonSchemaValidator: NO_ELICITATION,
      maxToolInputElements: 1_000,
    },
  );
  registerTools(server, TOOLS, config, airflow, log);
  return server;
}
