/**
 * `airflowkit-mcp`, the program: the Airflow MCP server over stdio (for desktop assistants) or,
 * with `--http`, over Streamable HTTP for self-hosting, on Deno or Node. Configured by
 * environment variables (`AIRFLOW_URL`, credentials, `MCP_BEARER_TOKEN`, …; `--help` lists
 * them).
 *
 * ```sh
 * AIRFLOW_URL=https://airflow.example.com AIRFLOW_TOKEN=... deno run -A jsr:@airflowkit/mcp/main
 * npx @airflowkit/mcp --http --port 8787
 * ```
 *
 * @module
 */
import process from "node:process";
import { runProgram } from "./src/program.ts";

/**
 * Runs the program with this process's arguments and environment, and exits with its code. In
 * HTTP mode it serves until the process gets SIGINT or SIGTERM.
 *
 * @example
 * ```ts ignore
 * import { main } from "@airflowkit/mcp/main";
 *
 * await main();
 * ```
 */
export async function main(): Promise<never> {
  const stop = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => stop.abort());
  }
  const code = await runProgram(process.argv.slice(2), {
    env: process.env,
    error: (line) => process.stderr.write(`${line}\n`),
    out: (line) => process.stdout.write(`${line}\n`),
  }, stop.signal);
  process.exit(code);
}

if ((import.meta as { main?: boolean }).main) await main();
