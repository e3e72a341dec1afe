/**
 * The `airflowkit-mcp` program: stdio by default, Streamable HTTP with `--http`, configured by
 * environment variables.
 *
 * @module
 */
import * as z from "zod";
import { ConfigError, configFromEnv, ENV_VARIABLES } from "./config/config.ts";
import { createMcpHandler, MCP_PATH } from "./http/handler.ts";
import { serveHandler } from "./http/serve.ts";
import { serveStdio } from "./stdio.ts";
import { VERSION } from "./version.ts";

/** What the program writes to and reads from. */
export interface ProgramIo {
  env: Readonly<Record<string, string | undefined>>;
  /** Standard error: notes and errors (standard output carries MCP over stdio). */
  error(line: string): void;
  /** Standard output, for `--help` and `--version`. */
  out(line: string): void;
}

/** The program's help. */
export function usage(): string {
  return [
    "airflowkit-mcp: an MCP server for Apache Airflow.",
    "",
    "Usage:",
    "  airflowkit-mcp                      serve MCP on stdin and stdout (desktop assistants)",
    "  airflowkit-mcp --http [--hostname H] [--port N]",
    `                                      serve MCP over Streamable HTTP at ${MCP_PATH}`,
    "                                      (default 127.0.0.1:8787)",
    "  airflowkit-mcp --help | --version",
    "",
    "Configuration, from the environment:",
    ...Object.entries(ENV_VARIABLES).map(([name, about]) => `  ${name.padEnd(26)}${about}`),
  ].join("\n");
}

interface Parsed {
  mode: "stdio" | "http" | "help" | "version";
  hostname?: string;
  port?: number;
}

function parse(args: readonly string[]): Parsed {
  const parsed: Parsed = { mode: "stdio" };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const value = () => {
      const next = args[++index];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === "--help" || arg === "-h") parsed.mode = "help";
    else if (arg === "--version") parsed.mode = "version";
    else if (arg === "--http") parsed.mode = "http";
    else if (arg === "--hostname") parsed.hostname = value();
    else if (arg === "--port") {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        throw new UsageError("--port must be a whole number from 0 to 65535");
      }
      parsed.port = port;
    } else throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  if ((parsed.hostname !== undefined || parsed.port !== undefined) && parsed.mode === "stdio") {
    throw new UsageError("--hostname and --port go with --http");
  }
  return parsed;
}

class UsageError extends Error {}

/**
 * Runs the program with `args`; resolves with its exit code once it is done serving (stdio:
 * when the input ends; HTTP: when `signal` aborts).
 */
export async function runProgram(
  args: readonly string[],
  io: ProgramIo,
  signal?: AbortSignal,
): Promise<number> {
  // No code is made from strings at run time: the SDK's schema library is told not to compile.
  z.config({ jitless: true });
  try {
    const parsed = parse(args);
    if (parsed.mode === "help") return io.out(usage()), 0;
    if (parsed.mode === "version") return io.out(VERSION), 0;
    const config = configFromEnv(io.env);
    if (parsed.mode === "stdio") {
      await serveStdio(config, io.error);
      return 0;
    }
    const handler = createMcpHandler(config, { log: io.error });
    const served = await serveHandler(handler, { hostname: parsed.hostname, port: parsed.port });
    io.error(
      `airflowkit-mcp ${VERSION}: MCP at ${served.url}${MCP_PATH} ` +
        `(${config.allowWrites ? "writes enabled" : "read-only"})`,
    );
    await new Promise<void>((resolve) => {
      if (signal?.aborted) resolve();
      signal?.addEventListener("abort", () => resolve(), { once: true });
    });
    await served.close();
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.error(`airflowkit-mcp: ${error.message}\n\n${usage()}`);
      return 2;
    }
    throw error;
  }
}
