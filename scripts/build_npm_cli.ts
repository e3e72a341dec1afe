/**
 * Builds the CLI's npm package in `cli/npm/` from `cli/` (see `build_npm_member.ts`): ES modules
 * with declarations, a `package.json` whose dependencies are the library and commander, and
 * `bin/airflowkit.js`, so that `npx @airflowkit/cli` and `bunx @airflowkit/cli` run it.
 *
 * Usage: `deno task build:npm:cli`, then `npm pack ./cli/npm` for a tarball.
 *
 * @module
 */
import { buildMemberNpm, type MemberManifest, type MemberPackage } from "./build_npm_member.ts";

/** What is particular to the CLI's package. */
export const CLI_PACKAGE: MemberPackage = {
  folder: "cli/",
  description:
    "airflowkit on the command line: trigger Apache Airflow DAG runs and wait for them, follow " +
    "task logs, find failures and clear them, on Airflow 3 and 2, from Node, Bun or Deno.",
  keywords: ["airflow", "apache-airflow", "cli", "dag", "workflow"],
  bins: { airflowkit: { module: "main.js", run: "runAsProgram" } },
};

/** Builds `cli/npm/` and returns the package.json written. */
export function buildCliNpm(): Promise<MemberManifest> {
  return buildMemberNpm(CLI_PACKAGE);
}

if (import.meta.main) {
  const manifest = await buildCliNpm();
  console.log(`Built ${manifest.name}@${manifest.version} in cli/npm/ (bin: airflowkit)`);
}
