/**
 * Builds the npm package in `npm/` from the Deno sources with the TypeScript compiler from npm
 * (the job dnt does; dnt lives only on JSR): ES modules with declarations and source maps,
 * relative `.ts` imports rewritten to `.js`, and a `package.json` whose name, version, license,
 * exports and dependencies (none today: the checks are compiled ahead of time) come from
 * `deno.json`.
 *
 * Usage: `deno task build:npm`, then `npm pack ./npm` for a tarball.
 *
 * @module
 */

const ROOT = new URL("../", import.meta.url);
const OUT = new URL("npm/", ROOT);
const STAGE = new URL("source/", OUT);
const TSC = new URL(".tools/node_modules/.bin/tsc", ROOT);

/**
 * Node.js releases the library supports: 18 brought the global `fetch` and `DecompressionStream`.
 * The runtime tests run on the machine's Node.
 */
export const NODE_ENGINES = ">=18";

/** A `deno.json` of the workspace (the library's or a member's), as far as the builds read it. */
export interface DenoJson {
  name: string;
  version: string;
  license: string;
  exports: Record<string, string>;
  imports: Record<string, string>;
  publish: { include: string[] };
}

/** The npm `package.json` for a `deno.json` and the dependencies the sources import. */
export function packageJson(deno: DenoJson, dependencies: Record<string, string>) {
  const exports: Record<string, { types: string; default: string }> = {};
  for (const [entry, source] of Object.entries(deno.exports)) {
    const base = `./esm/${source.replace(/^\.\//, "").replace(/\.ts$/, "")}`;
    exports[entry] = { types: `${base}.d.ts`, default: `${base}.js` };
  }
  return {
    name: deno.name,
    version: deno.version,
    description:
      "Typed, validating, fetch-only client for the Apache Airflow REST API (Airflow 3 /api/v2): " +
      "Node, Bun, Deno, Cloudflare Workers and browsers.",
    keywords: ["airflow", "apache-airflow", "rest", "client", "json-schema", "workers"],
    license: deno.license,
    type: "module",
    sideEffects: false,
    main: exports["."].default,
    types: exports["."].types,
    exports,
    files: ["esm/"],
    engines: { node: NODE_ENGINES },
    dependencies,
  };
}

/**
 * The npm dependencies that `sources` import by bare specifier, with the version ranges
 * `deno.json` maps them to. Throws on a bare import that does not map to an npm package.
 */
export function npmDependencies(
  sources: Iterable<string>,
  imports: Record<string, string>,
): Record<string, string> {
  const dependencies: Record<string, string> = {};
  const specifier = /(?:^|\n)\s*(?:import|export)\b[^"';]*?from\s*"([^"]+)"/g;
  for (const text of sources) {
    for (const [, name] of text.matchAll(specifier)) {
      if (name.startsWith(".")) continue;
      const target = imports[name];
      const npm = target?.match(/^npm:((?:@[^/@]+\/)?[^/@]+)@([^/]+)(?:\/.*)?$/);
      if (!npm) throw new Error(`"${name}" is imported but deno.json maps it to no npm package`);
      dependencies[npm[1]] = npm[2];
    }
  }
  return Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
}

/** The compiler options for the library build; `lib` is the web platform, not Deno's or Node's. */
export const COMPILER_OPTIONS = {
  target: "ES2022",
  module: "ESNext",
  moduleResolution: "bundler",
  lib: ["ES2022", "DOM", "DOM.Iterable", "DOM.AsyncIterable"],
  types: [],
  rewriteRelativeImportExtensions: true,
  declaration: true,
  sourceMap: true,
  inlineSources: true,
  strict: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  skipLibCheck: true,
  noEmitOnError: true,
  rootDir: "source",
  outDir: "esm",
};

/** Every file under `dir`, depth first. */
export async function* walk(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* walk(url);
    else yield url;
  }
}

/** Runs a command in `cwd`, its output shown; throws when it fails. */
export async function run(command: string | URL, args: string[], cwd: URL): Promise<void> {
  const { code } = await new Deno.Command(command, {
    args,
    cwd,
    stdout: "inherit",
    stderr: "inherit",
  })
    .output();
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}`);
}

/** Copies the library's TypeScript sources (what JSR publishes) into the staging folder. */
async function stageSources(deno: DenoJson): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const include of deno.publish.include.filter((path) => !/\.(md|json)$|LICENSE/.test(path))) {
    const from = new URL(include, ROOT);
    const files = include.endsWith("/") ? walk(from) : [from][Symbol.iterator]();
    for await (const file of files) {
      if (!file.pathname.endsWith(".ts")) continue;
      const path = file.href.slice(ROOT.href.length);
      const text = await Deno.readTextFile(file);
      sources.set(path, text);
      const target = new URL(path, STAGE);
      await Deno.mkdir(new URL("./", target), { recursive: true });
      await Deno.writeTextFile(target, text);
    }
  }
  return sources;
}

const RELATIVE_TS_IMPORT = /(from\s*|import\(\s*)"(\.{1,2}\/[^"]*)\.ts"/g;

/**
 * Rewrites relative `.ts` imports to `.js`. The compiler does this for the JavaScript it emits
 * but leaves declarations as written, and `nodenext` consumers resolve `.js` to `.d.ts`.
 */
export function rewriteRelativeImports(text: string): string {
  return text.replace(RELATIVE_TS_IMPORT, (_, keyword, path) => `${keyword}"${path}.js"`);
}

/**
 * Rewrites the declarations' imports under `out` (a built package) and fails if any emitted file
 * still imports a `.ts` path.
 */
export async function finishImports(out: URL): Promise<void> {
  for await (const file of walk(new URL("esm/", out))) {
    if (!/\.(js|d\.ts)$/.test(file.pathname)) continue;
    const text = await Deno.readTextFile(file);
    const rewritten = rewriteRelativeImports(text);
    if (rewritten !== text) await Deno.writeTextFile(file, rewritten);
    const leftover = rewritten.match(/["'](\.{1,2}\/[^"']*\.ts)["']/);
    if (leftover) throw new Error(`${file.pathname} still imports ${leftover[1]}`);
  }
}

/** Builds `npm/` and returns the package.json written. */
export async function buildNpm(): Promise<ReturnType<typeof packageJson>> {
  const deno: DenoJson = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  await Deno.remove(OUT, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  await Deno.mkdir(STAGE, { recursive: true });
  const sources = await stageSources(deno);
  const manifest = packageJson(deno, npmDependencies(sources.values(), deno.imports));
  await Deno.writeTextFile(new URL("package.json", OUT), JSON.stringify(manifest, null, 2) + "\n");
  for (const file of ["README.md", "LICENSE"]) {
    await Deno.copyFile(new URL(file, ROOT), new URL(file, OUT));
  }
  // The compiler resolves TypeBox's declarations from npm/node_modules, which npm pack leaves out.
  await run(
    "npm",
    [
      "install",
      "--no-package-lock",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      "--silent",
    ],
    OUT,
  );
  await Deno.writeTextFile(
    new URL("tsconfig.json", OUT),
    JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include: ["source"] }, null, 2) + "\n",
  );
  await run(TSC, ["-p", "tsconfig.json"], OUT);
  await finishImports(OUT);
  for (const target of Object.values(manifest.exports).flatMap((entry) => Object.values(entry))) {
    await Deno.stat(new URL(target, OUT));
  }
  return manifest;
}

if (import.meta.main) {
  const manifest = await buildNpm();
  console.log(
    `Built ${manifest.name}@${manifest.version} in npm/ (${
      Object.keys(manifest.exports).join(", ")
    })`,
  );
}
