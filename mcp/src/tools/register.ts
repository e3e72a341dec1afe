/**
 * Turns {@link Tool}s into MCP tools: offered only if the configuration allows what they do,
 * each answer scrubbed of credentials and cut to the configured size (text and structured
 * content), progress passed on when the client asked for it, and every error turned into a tool
 * error the model can act on.
 *
 * @module
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types";
import * as z from "zod";
import type { AirflowOpener } from "../airflow/open.ts";
import { type McpConfig, secretsOf } from "../config/config.ts";
import { boundText, boundValue, NOTE_ROOM } from "./bound.ts";
import { explainFailure } from "./failure.ts";
import type { ProgressStep, Tool, ToolContext } from "./tool.ts";

/** Where the server writes what the model should not see: unexpected errors, scrubbed. */
export type Logger = (line: string) => void;

/** What every tool's structured answer may carry besides its own fields. */
const TRUNCATED = z.string().optional().describe(
  "Present when the answer was cut to stay under the server's size bound: what was left out.",
);

/** The extra data the SDK passes to a tool's callback, as far as tools use it. */
interface CallExtra {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number };
  sendNotification(notification: {
    method: "notifications/progress";
    params: { progressToken: string | number; progress: number; total?: number; message?: string };
  }): Promise<void>;
}

function context(config: McpConfig, airflow: AirflowOpener, extra: CallExtra): ToolContext {
  const token = extra._meta?.progressToken;
  let last = -Infinity;
  return {
    airflow,
    config,
    signal: extra.signal,
    async progress(step: ProgressStep) {
      if (token === undefined || step.progress <= last) return;
      last = step.progress;
      await extra.sendNotification({
        method: "notifications/progress",
        params: { progressToken: token, ...step },
      }).catch(() => {});
    },
  };
}

function failure(message: string, config: McpConfig): CallToolResult {
  const text = boundText(message, config.maxOutputBytes, secretsOf(config));
  return { content: [{ type: "text", text }], isError: true };
}

/** Runs `tool` and shapes its answer, or its failure. */
async function call(
  tool: Tool,
  args: Record<string, unknown>,
  config: McpConfig,
  airflow: AirflowOpener,
  extra: CallExtra,
  log: Logger,
): Promise<CallToolResult> {
  const secrets = secretsOf(config);
  const toolContext = context(config, airflow, extra);
  try {
    const output = await tool.run(args, toolContext);
    const { value, cuts } = boundValue(output, config.maxOutputBytes, secrets, tool.keepTail);
    const structured = value as Record<string, unknown>;
    if (cuts.length) {
      const note = `Cut to stay under ${config.maxOutputBytes} bytes: ${cuts.join("; ")}`;
      const room = NOTE_ROOM - 40;
      structured.truncated = `${note.length > room ? `${note.slice(0, room)}…` : note}.`;
    }
    const summary = tool.text(structured) + (cuts.length ? `\n(${structured.truncated})` : "");
    return {
      content: [{ type: "text", text: boundText(summary, config.maxOutputBytes, secrets) }],
      structuredContent: structured,
    };
  } catch (error) {
    // The client has gone or cancelled: the answer reaches nobody, and nothing went wrong.
    if (extra.signal.aborted) return failure("Cancelled.", config);
    const subjects = tool.subjects?.(args) ?? [];
    const message = await explainFailure(error, subjects, airflow, extra.signal);
    if (message !== undefined) return failure(message, config);
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log(boundText(`airflowkit-mcp: ${tool.name} failed unexpectedly: ${detail}`, 2_000, secrets));
    return failure(
      `${tool.name} failed unexpectedly inside the MCP server; its log says more.`,
      config,
    );
  }
}

/** The tools `config` allows: those that change Airflow only when writes are enabled. */
export function allowedTools(tools: readonly Tool[], config: McpConfig): Tool[] {
  return tools.filter((tool) => tool.annotations.readOnlyHint || config.allowWrites);
}

/** Registers the tools `config` allows on `server`. */
export function registerTools(
  server: McpServer,
  tools: readonly Tool[],
  config: McpConfig,
  airflow: AirflowOpener,
  log: Logger,
): void {
  for (const tool of allowedTools(tools, config)) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: { ...tool.output, truncated: TRUNCATED },
        annotations: { title: tool.title, ...tool.annotations },
      },
      (args: Record<string, unknown>, extra: unknown) =>
        call(tool, args, config, airflow, extra as CallExtra, log),
    );
  }
}
