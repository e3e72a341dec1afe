/**
 * Gets the contenders ready in `bench/.work/` (git-ignored): builds the npm package, generates
 * the peers' code from the 3.2.1 spec with the pinned generators, type-checks every contender
 * with `tsc`, and bundles each one with esbuild into one self-contained module, so every
 * contender loads the same way and carries its own copy of its dependencies.
 *
 * @module
 */
import { buildNpm } from "../scripts/build_npm.ts";
import { bundle } from "../scripts/esbuild.ts";
import { gzippedLength } from "../scripts/size.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const PEER_TOOLS = `${ROOT}bench/peer_tools`;
const PEERS = `${PEER_TOOLS}/node_modules`;
/** The folder everything generated for the benchmark goes into. */
export const WORK = `${ROOT}bench/.work`;
/** The spec the peers are generated from. */
const SPEC = new URL("../../shared/openapi/airflow-3.2.1-api-v2.yaml", import.meta.url)
  .pathname;

/** A contender: its name in the tables, its module, and what it is. */
export interface ContenderInfo {
  id: string;
  label: string;
  module: string;
  about: string;
}

/** Every contender, the floor first. */
export const CONTENDERS: ContenderInfo[] = [
  {
    id: "raw",
    label: "raw fetch + JSON.parse",
    module: "raw_fetch.ts",
    about: "the floor: no checks, no types",
  },
  {
    id: "raw-bounded",
    label: "raw fetch, time-bounded",
    module: "raw_fetch_bounded.ts",
    about: "the same, each call under a time limit (a timer and an abort signal), as airflowkit " +
      "puts every attempt",
  },
  {
    id: "openapi-fetch",
    label: "openapi-fetch",
    module: "openapi_fetch.ts",
    about: "openapi-fetch with openapi-typescript types; no run-time checks",
  },
  {
    id: "hey-api",
    label: "@hey-api/openapi-ts",
    module: "hey_api.ts",
    about: "the generated fetch client and SDK; no run-time checks",
  },
  {
    id: "airflowkit",
    label: "airflowkit (checked)",
    module: "airflowkit.ts",
    about: "responses checked by the checks compiled ahead of time",
  },
  {
    id: "airflowkit-unchecked",
    label: "airflowkit (unchecked)",
    module: "airflowkit_unchecked.ts",
    about: "validateResponses: false",
  },
];

/** A "get one DAG" program for the bundle-size table. */
export interface SizeProgram {
  label: string;
  source: string;
}

function getDagProgram(module: string): string {
  return `import { connect, getDag } from "./contenders/${module}";
export default {
  async fetch(_request, env) {
    return Response.json(await getDag(connect(env.AIRFLOW_URL, env.AIRFLOW_TOKEN), env.DAG_ID));
  },
};`;
}

/** The bundle-size programs: one per contender, and airflowkit's smallest form. */
export const SIZE_PROGRAMS: SizeProgram[] = [
  ...CONTENDERS.map((c) => ({ label: c.label, source: getDagProgram(c.module) })),
  {
    label: "airflowkit (checked), dagsGet function on a bare core",
    source: `import { AirflowCore, dagsGet } from "@airflowkit/client/core";
export default {
  async fetch(_request, env) {
    const core = new AirflowCore({ baseUrl: env.AIRFLOW_URL, auth: { token: env.AIRFLOW_TOKEN } });
    return Response.json(await dagsGet(core, env.DAG_ID));
  },
};`,
  },
];

async function run(command: string, args: string[], cwd = WORK): Promise<void> {
  const output = await new Deno.Command(command, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  if (!output.success) {
    const text = new TextDecoder().decode(output.stderr) + new TextDecoder().decode(output.stdout);
    throw new Error(`${command} ${args.join(" ")} failed:\n${text}`);
  }
}

async function link(target: string, path: string): Promise<void> {
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  await Deno.symlink(target, path);
}

/** Installs the pinned peers from bench/peer_tools/package-lock.json on first use. */
async function installPeers(log: (line: string) => void): Promise<void> {
  const installed = await Deno.stat(`${PEERS}/.package-lock.json`).then(() => true, () => false);
  if (installed) return;
  log("installing the peers (npm ci in bench/peer_tools)");
  await run("npm", ["ci", "--no-audit", "--no-fund"], PEER_TOOLS);
}

/** Writes the peers' code, checks and bundles every contender. Returns the bundle paths by id. */
export async function prepare(log: (line: string) => void): Promise<Record<string, string>> {
  await Deno.remove(WORK, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${WORK}/bundles`, { recursive: true });
  await installPeers(log);
  log("building the npm package");
  await buildNpm();
  await link(`${ROOT}npm`, `${WORK}/node_modules/@airflowkit/client`);
  await link(`${PEERS}/openapi-fetch`, `${WORK}/node_modules/openapi-fetch`);

  log("generating the peers' code from the 3.2.1 spec");
  await run("node", [
    `${PEERS}/openapi-typescript/bin/cli.js`,
    SPEC,
    "--output",
    `${WORK}/peers/openapi-typescript/schema.d.ts`,
  ]);
  // The generator's own engines field asks for Node 22; Deno runs it on any machine.
  await run(Deno.execPath(), [
    "run",
    "--allow-all",
    `${PEERS}/@hey-api/openapi-ts/bin/run.js`,
    "--input",
    SPEC,
    "--output",
    `${WORK}/peers/hey-api`,
  ]);

  await Deno.mkdir(`${WORK}/contenders`);
  for (const entry of Deno.readDirSync(`${ROOT}bench/contenders`)) {
    await Deno.copyFile(
      `${ROOT}bench/contenders/${entry.name}`,
      `${WORK}/contenders/${entry.name}`,
    );
  }
  log("type-checking the contenders with tsc");
  await Deno.writeTextFile(
    `${WORK}/tsconfig.json`,
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "es2022",
        module: "preserve",
        moduleResolution: "bundler",
        allowImportingTsExtensions: true,
        lib: ["es2022", "dom", "dom.iterable"],
        skipLibCheck: true,
      },
      include: ["contenders/*.ts"],
    }),
  );
  await run(`${ROOT}.tools/node_modules/.bin/tsc`, ["-p", "tsconfig.json"]);

  log("bundling the contenders");
  const bundles: Record<string, string> = {};
  for (const contender of CONTENDERS) {
    const code = await bundle(WORK, `contenders/${contender.module}`, "neutral");
    const path = `${WORK}/bundles/${contender.id}.mjs`;
    await Deno.writeFile(path, code);
    bundles[contender.id] = path;
  }
  return bundles;
}

/** Minified and gzipped bytes of each "get one DAG" program. */
export async function measureBundles(): Promise<
  { label: string; minified: number; gzipped: number }[]
> {
  const sizes = [];
  for (const [index, program] of SIZE_PROGRAMS.entries()) {
    const entry = `size_${index}.mjs`;
    await Deno.writeTextFile(`${WORK}/${entry}`, program.source);
    const code = await bundle(WORK, entry, "neutral");
    sizes.push({
      label: program.label,
      minified: code.byteLength,
      gzipped: await gzippedLength(code),
    });
  }
  return sizes;
}
