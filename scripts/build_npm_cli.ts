/**
 * Builds the CLI's npm package in `cli/npm/` from `cli/`, as `build_npm.ts` does for the
 * library: ES modules with declarations, relative `.ts` imports rewritten to `.js`, a
 * `package.json` whose name, version and dependencies (the library and commander) come from
 * `cli/deno.json`, and `bin/airflowkit.js`, an executable with a Node shebang, so that
 * `npx @airflowkit/cli` and `bunx @airflowkit/cli` run it. The library is built first: the
 * compiler reads its declarations.
 *
 * Usage: `deno task build:npm:cli`, then `npm pack ./cli/npm` for a tarball.
 *
 * @module
 */
import {
  buildNpm,
  COMPILER_OPTIONS,
  NODE_ENGINES,
  npmDependencies,
  rewriteRelativeImports,
  run,
  walk,
} from "./build_npm.ts";

const ROOT = new URL("../", import.meta.url);
const CLI = new URL("cli/", ROOT);
const OUT = new URL("npm/", CLI);
const STAGE = new URL("source/", OUT);
const TSC = new URL(".tools/node_modules/.bin/tsc", ROOT);
const BIN = "bin/airflowkit.js";

interface DenoJson {
  name: string;
  version: string;
  license: string;
  imports: Record<string, string>;
  publish: { include: string[] };
}

/** The CLI's npm `package.json`. */
export function cliPackageJson(deno: DenoJson, dependencies: Record<string, string>) {
  return {
    name: deno.name,
    version: deno.version,
    description:
      "airflowkit on the command line: trigger Apache Airflow DAG runs and wait for them, follow " +
      "task logs, find failures and clear them, on Airflow 3 and 2, from Node, Bun or Deno.",
    keywords: ["airflow", "apache-airflow", "cli", "dag", "workflow"],
    license: deno.license,
    type: "module",
    bin: { airflowkit: BIN },
    exports: { ".": { types: "./esm/main.d.ts", default: "./esm/main.js" } },
    files: ["esm/", "bin/"],
    engines: { node: NODE_ENGINES },
    dependencies,
  };
}

/** The entry point npm links as `airflowkit`. */
export const BIN_SOURCE = `#!/usr/bin/env node
import { runAsProgram } from "../esm/main.js";

await runAsProgram();
`;

async function stage(deno: DenoJson): Promise<string[]> {
  const sources: string[] = [];
  for (
    const include of deno.publish.include.filter((path) =>
      path.endsWith(".ts") || path.endsWith("/")
    )
  ) {
    const from = new URL(include, CLI);
    const files = include.endsWith("/") ? walk(from) : [from][Symbol.iterator]();
    for await (const file of files) {
      if (!file.pathname.endsWith(".ts")) continue;
      const path = file.href.slice(CLI.href.length);
      const text = await Deno.readTextFile(file);
      sources.push(text);
      const target = new URL(path, STAGE);
      await Deno.mkdir(new URL("./", target), { recursive: true });
      await Deno.writeTextFile(target, text);
    }
  }
  return sources;
}

/** Builds `cli/npm/` and returns the package.json written. */
export async function buildCliNpm(): Promise<ReturnType<typeof cliPackageJson>> {
  const library = await buildNpm();
  const deno: DenoJson = JSON.parse(await Deno.readTextFile(new URL("deno.json", CLI)));
  await Deno.remove(OUT, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  await Deno.mkdir(STAGE, { recursive: true });
  const root = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  // Every entry point of the library, `@airflowkit/client/connect` and the others alike.
  const imports = {
    ...deno.imports,
    ...Object.fromEntries(
      Object.keys(root.exports as Record<string, string>).map((entry) => {
        const subpath = entry.slice(1);
        return [`${library.name}${subpath}`, `npm:${library.name}@^${library.version}${subpath}`];
      }),
    ),
  };
  const sources = (await stage(deno)).map((text) => text.replace(/from\s*"node:[^"]+"/g, ""));
  const manifest = cliPackageJson(deno, npmDependencies(sources, imports));
  // The compiler reads the library as just built, linked from the folder npm pack packs.
  const building = {
    ...manifest,
    dependencies: {
      ...manifest.dependencies,
      [library.name]: `file:${new URL("npm/", ROOT).pathname}`,
    },
  };
  await Deno.writeTextFile(new URL("package.json", OUT), JSON.stringify(building, null, 2) + "\n");
  await run("npm", [
    "install",
    "--no-package-lock",
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    "--silent",
  ], OUT);
  const compilerOptions = {
    ...COMPILER_OPTIONS,
    lib: ["ES2022", "DOM", "DOM.Iterable", "DOM.AsyncIterable"],
    types: ["node"],
    typeRoots: [new URL(".tools/node_modules/@types", ROOT).pathname],
  };
  await Deno.writeTextFile(
    new URL("tsconfig.json", OUT),
    JSON.stringify({ compilerOptions, include: ["source"] }, null, 2) + "\n",
  );
  await run(TSC, ["-p", "tsconfig.json"], OUT);
  for await (const file of walk(new URL("esm/", OUT))) {
    if (!/\.(js|d\.ts)$/.test(file.pathname)) continue;
    const text = await Deno.readTextFile(file);
    const rewritten = rewriteRelativeImports(text);
    if (rewritten !== text) await Deno.writeTextFile(file, rewritten);
    const leftover = rewritten.match(/["'](\.{1,2}\/[^"']*\.ts)["']/);
    if (leftover) throw new Error(`${file.pathname} still imports ${leftover[1]}`);
  }
  await Deno.mkdir(new URL("bin/", OUT), { recursive: true });
  await Deno.writeTextFile(new URL(BIN, OUT), BIN_SOURCE, { mode: 0o755 });
  await Deno.chmod(new URL(BIN, OUT), 0o755);
  await Deno.writeTextFile(new URL("package.json", OUT), JSON.stringify(manifest, null, 2) + "\n");
  await Deno.copyFile(new URL("README.md", CLI), new URL("README.md", OUT));
  await Deno.copyFile(new URL("LICENSE", ROOT), new URL("LICENSE", OUT));
  return manifest;
}

if (import.meta.main) {
  const manifest = await buildCliNpm();
  console.log(`Built ${manifest.name}@${manifest.version} in cli/npm/ (bin: airflowkit)`);
}
