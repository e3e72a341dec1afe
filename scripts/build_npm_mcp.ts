/**
 * Builds the MCP server's npm package in `mcp/npm/` from `mcp/` (see `build_npm_member.ts`):
 * ES modules with declarations, the entry points `@airflowkit/mcp`, `/worker` and `/main`,
 * `bin/airflowkit-mcp.js` (so that `npx @airflowkit/mcp` starts it over stdio), and the
 * `wrangler.toml` a Worker deployment starts from.
 *
 * Usage: `deno task build:npm:mcp`, then `npm pack ./mcp/npm` for a tarball.
 *
 * @module
 */
import { buildMemberNpm, type MemberManifest, type MemberPackage } from "./build_npm_member.ts";

/** What is particular to the MCP server's package. */
export const MCP_PACKAGE: MemberPackage = {
  folder: "mcp/",
  description:
    "An MCP server for Apache Airflow 3 and 2, built on airflowkit: health, DAGs and import " +
    "errors, failed runs, task logs, and (when allowed) pause, trigger and clear. Runs as a " +
    "Cloudflare Worker, on Deno or Node over Streamable HTTP, or over stdio.",
  keywords: ["airflow", "apache-airflow", "mcp", "model-context-protocol", "cloudflare-workers"],
  bins: { "airflowkit-mcp": { module: "main.js", run: "main" } },
  extraFiles: ["wrangler.toml"],
};

/**
 * Builds `mcp/npm/` and returns the package.json written.
 *
 * @param options `buildLibrary: false` reuses the library's `npm/` as it is.
 */
export function buildMcpNpm(
  options: { buildLibrary?: boolean } = {},
): Promise<MemberManifest> {
  return buildMemberNpm(MCP_PACKAGE, options);
}

if (import.meta.main) {
  const manifest = await buildMcpNpm();
  console.log(`Built ${manifest.name}@${manifest.version} in mcp/npm/ (bin: airflowkit-mcp)`);
}
