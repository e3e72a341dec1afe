/**
 * `airflowkit version`: the CLI's version, and the server's with the API it speaks.
 *
 * @module
 */
import type { Command } from "commander";
import type { ServerRow } from "../api/rows.ts";
import type { Define } from "../program.ts";
import { resolveTarget } from "../settings/target.ts";
import { openApi } from "../api/open.ts";
import { CLI_VERSION } from "../version.ts";

/** What `version` prints as JSON. */
export interface VersionResult {
  /** The CLI's version. */
  client: string;
  /** The server's, or `null` with `--client` or when no server is configured. */
  server: ServerRow | null;
}

const API_NAMES = { v2: "/api/v2 (Airflow 3)", v1: "/api/v1 (Airflow 2)" };

/** Adds `version` to the program. */
export function registerVersion(program: Command, define: Define): void {
  program.command("version")
    .description("print the CLI's version, the server's, and which API it speaks")
    .option("--client", "only the CLI's version; ask no server")
    .addHelpText(
      "after",
      `
Examples:
  $ airflowkit version
  $ airflowkit --fake version -o json`,
    )
    .action(define<{ client?: boolean }>(async (context, _args, options) => {
      const target = options.client ? undefined : await resolveTarget(context.flags, context.io);
      const server = target ? await (await openApi(target, context.signal)).version() : null;
      const result: VersionResult = { client: CLI_VERSION, server };
      const lines = [`Client:  airflowkit ${CLI_VERSION}`];
      if (server) {
        const git = server.git_version ? ` (git ${server.git_version})` : "";
        lines.push(
          `Server:  ${server.url}`,
          `Airflow: ${server.version ?? "unknown"}${git}`,
          `API:     ${API_NAMES[server.api]}`,
        );
      } else if (!options.client) {
        context.printer.note(
          "No server configured: set AIRFLOW_URL, or pass --url, --profile or --fake.",
        );
      }
      context.printer.item(result, lines.join("\n"));
    }));
}
