/**
 * Builds the npm package of a workspace member (the CLI in `cli/`, the MCP server in `mcp/`)
 * into `<member>/npm/`, as `build_npm.ts` does for the library: ES modules with declarations,
 * relative `.ts` imports rewritten to `.js`, a `package.json` whose name, version, exports and
 * dependencies come from the member's `deno.json` (the library's entry points mapped to the
 * library's npm package), and executables with a Node shebang for its programs. The library is
 * built first unless asked not to: the compiler reads its declarations.
 *
 * @module
 */
import {
  buildNpm,
  COMPILER_OPTIONS,
  type DenoJson,
  finishImports,
  npmDependencies,
  run,
  walk,
} from "./build_npm.ts";

const ROOT = new URL("../", import.meta.url);
const TSC = new URL(".tools/node_modules/.bin/tsc", ROOT);

/** Node.js releases the CLI and the MCP server support (the CLI joins signals with `AbortSignal.any`). */
const MEMBER_NODE_ENGINES = ">=20.3";

/** What is particular to one member's npm package. */
export interface MemberPackage {
  /** The member's folder, such as `cli/`. */
  folder: string;
  description: string;
  keywords: string[];
  /** Executables: the command's name, and the module under `esm/` whose `export` to run. */
  bins: Record<string, { module: string; run: string }>;
  /** Files copied from the member's folder besides the README (such as `wrangler.toml`). */
  extraFiles?: string[];
}

/** The `exports` of a member's npm package, from its `deno.json`'s. */
function exportsOf(deno: DenoJson): Record<string, { types: string; default: string }> {
  return Object.fromEntries(
    Object.entries(deno.exports).map(([entry, source]) => {
      const base = `./esm/${source.replace(/^\.\//, "").replace(/\.ts$/, "")}`;
      return [entry, { types: `${base}.d.ts`, default: `${base}.js` }];
    }),
  );
}

/** The member's npm `package.json`. */
export function memberPackageJson(
  spec: MemberPackage,
  deno: DenoJson,
  dependencies: Record<string, string>,
) {
  const extra = spec.extraFiles ?? [];
  return {
    name: deno.name,
    version: deno.version,
    description: spec.description,
    keywords: spec.keywords,
    license: deno.license,
    type: "module",
    bin: Object.fromEntries(Object.keys(spec.bins).map((name) => [name, binPath(name)])),
    exports: exportsOf(deno),
    files: ["esm/", "bin/", ...extra],
    engines: { node: MEMBER_NODE_ENGINES },
    dependencies,
  };
}

/** A member's npm `package.json`. */
export type MemberManifest = ReturnType<typeof memberPackageJson>;

function binPath(name: string): string {
  return `bin/${name}.js`;
}

/** The source of an executable that runs `run` of `module`. */
export function binSource(bin: { module: string; run: string }): string {
  return `#!/usr/bin/env node
import { ${bin.run} } from "../esm/${bin.module}";

await ${bin.run}();
`;
}

async function stage(deno: DenoJson, member: URL, stageDir: URL): Promise<string[]> {
  const sources: string[] = [];
  for (
    const include of deno.publish.include.filter((path) =>
      path.endsWith(".ts") || path.endsWith("/")
    )
  ) {
    const from = new URL(include, member);
    const files = include.endsWith("/") ? walk(from) : [from][Symbol.iterator]();
    for await (const file of files) {
      if (!file.pathname.endsWith(".ts")) continue;
      const path = file.href.slice(member.href.length);
      const text = await Deno.readTextFile(file);
      sources.push(text);
      const target = new URL(path, stageDir);
      await Deno.mkdir(new URL("./", target), { recursive: true });
      await Deno.writeTextFile(target, text);
    }
  }
  return sources;
}

/**
 * Builds `<member>/npm/` and returns the package.json written.
 *
 * @param spec The member and what is particular to its package.
 * @param options `buildLibrary: false` reuses the library's `npm/` as it is (a caller that has
 * just built it).
 */
export async function buildMemberNpm(
  spec: MemberPackage,
  { buildLibrary = true }: { buildLibrary?: boolean } = {},
): Promise<MemberManifest> {
  const member = new URL(spec.folder, ROOT);
  const out = new URL("npm/", member);
  const stageDir = new URL("source/", out);
  const library = buildLibrary
    ? await buildNpm()
    : JSON.parse(await Deno.readTextFile(new URL("npm/package.json", ROOT)));
  const deno: DenoJson = JSON.parse(await Deno.readTextFile(new URL("deno.json", member)));
  await Deno.remove(out, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  await Deno.mkdir(stageDir, { recursive: true });
  const root = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
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
  const sources = (await stage(deno, member, stageDir)).map((text) =>
    text.replace(/from\s*"node:[^"]+"/g, "")
  );
  const manifest = memberPackageJson(spec, deno, npmDependencies(sources, imports));
  // The compiler reads the library as just built, linked from the folder npm pack packs.
  const building = {
    ...manifest,
    dependencies: {
      ...manifest.dependencies,
      [library.name]: `file:${new URL("npm/", ROOT).pathname}`,
    },
  };
  await Deno.writeTextFile(new URL("package.json", out), JSON.stringify(building, null, 2) + "\n");
  await run("npm", [
    "install",
    "--no-package-lock",
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    "--silent",
  ], out);
  const compilerOptions = {
    ...COMPILER_OPTIONS,
    lib: ["ES2022", "DOM", "DOM.Iterable", "DOM.AsyncIterable"],
    types: ["node"],
    typeRoots: [new URL(".tools/node_modules/@types", ROOT).pathname],
  };
  await Deno.writeTextFile(
    new URL("tsconfig.json", out),
    JSON.stringify({ compilerOptions, include: ["source"] }, null, 2) + "\n",
  );
  await run(TSC, ["-p", "tsconfig.json"], out);
  await finishImports(out);
  await Deno.mkdir(new URL("bin/", out), { recursive: true });
  for (const [name, bin] of Object.entries(spec.bins)) {
    const path = new URL(binPath(name), out);
    await Deno.writeTextFile(path, binSource(bin), { mode: 0o755 });
    await Deno.chmod(path, 0o755);
  }
  await Deno.writeTextFile(new URL("package.json", out), JSON.stringify(manifest, null, 2) + "\n");
  for (const file of ["README.md", ...(spec.extraFiles ?? [])]) {
    await Deno.copyFile(new URL(file, member), new URL(file, out));
  }
  await Deno.copyFile(new URL("LICENSE", ROOT), new URL("LICENSE", out));
  for (const target of Object.values(manifest.exports).flatMap((entry) => Object.values(entry))) {
    await Deno.stat(new URL(target, out));
  }
  return manifest;
}
