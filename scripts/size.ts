/**
 * Reports what the package costs in a bundle: minified and gzipped bytes, measured by bundling
 * small programs against the built npm package (scripts/build_npm.ts) with esbuild, the way a
 * user's bundler would, TypeBox included.
 *
 * - the whole entry point (`export *` of `@airflowkit/client`);
 * - the bare core with no operation: what every program on it carries (its methods, with the
 *   sending, retrying, checking and explaining they share);
 * - a Worker that gets one DAG, and one that triggers a run and waits for it, each written three
 *   ways where it applies: with the full `Airflow` client; on a bare core with one namespace,
 *   which lets the bundler drop every other namespace; and on a bare core with the functions it
 *   calls, which lets it drop every other operation too.
 *
 * Usage: `deno task size` (add `--json` for machine-readable output).
 *
 * @module
 */
import { buildNpm } from "./build_npm.ts";
import { bundle } from "./esbuild.ts";

const ROOT = new URL("../", import.meta.url);

const TRIGGER_AND_WAIT = `
    const run = await dagRuns.trigger(env.DAG_ID);
    const { run: done } = await dagRuns.wait(env.DAG_ID, run.dag_run_id);
    return Response.json({ run: done.dag_run_id, state: done.state });`;

/** The program that holds the bare core and calls nothing: what every program on it carries. */
export const CORE_FLOOR = "bare core alone, the floor of every program on it";

/** The programs measured, by name. */
export const PROGRAMS: Record<string, string> = {
  "get-one-DAG Worker, function on a bare core": `
import { AirflowCore, dagsGet } from "@airflowkit/client/core";
export default {
  async fetch(_request, env) {
    const core = new AirflowCore({ baseUrl: env.AIRFLOW_URL, auth: { token: env.AIRFLOW_TOKEN } });
    return Response.json(await dagsGet(core, env.DAG_ID));
  },
};`,
  "get-one-DAG Worker, Dags namespace on a bare core": `
import { AirflowCore, Dags } from "@airflowkit/client/core";
export default {
  async fetch(_request, env) {
    const core = new AirflowCore({ baseUrl: env.AIRFLOW_URL, auth: { token: env.AIRFLOW_TOKEN } });
    return Response.json(await new Dags(core).get(env.DAG_ID));
  },
};`,
  [CORE_FLOOR]: `
import { AirflowCore } from "@airflowkit/client/core";
export default {
  fetch(_request, env) {
    const core = new AirflowCore({ baseUrl: env.AIRFLOW_URL, auth: { token: env.AIRFLOW_TOKEN } });
    return new Response(core.authKind);
  },
};`,
  "whole entry point": `export * from "@airflowkit/client";`,
  "trigger-and-wait Worker, full Airflow client": `
import { Airflow } from "@airflowkit/client";
export default {
  async fetch(_request, env) {
    const dagRuns = new Airflow({ baseUrl: env.AIRFLOW_URL, auth: { token: env.AIRFLOW_TOKEN } }).dagRuns;
    ${TRIGGER_AND_WAIT}
  },
};`,
  "trigger-and-wait Worker, functions on a bare core": `
import { AirflowCore, dagRunsTrigger, dagRunsWait } from "@airflowkit/client/core";
export default {
  async fetch(_request, env) {
    const core = new AirflowCore({ baseUrl: env.AIRFLOW_URL, auth: { token: env.AIRFLOW_TOKEN } });
    const run = await dagRunsTrigger(core, env.DAG_ID);
    const { run: done } = await dagRunsWait(core, env.DAG_ID, run.dag_run_id);
    return Response.json({ run: done.dag_run_id, state: done.state });
  },
};`,
  "trigger-and-wait Worker, DagRuns namespace on a bare core": `
import { AirflowCore, DagRuns } from "@airflowkit/client/core";
export default {
  async fetch(_request, env) {
    const core = new AirflowCore({ baseUrl: env.AIRFLOW_URL, auth: { token: env.AIRFLOW_TOKEN } });
    const dagRuns = new DagRuns(core);
    ${TRIGGER_AND_WAIT}
  },
};`,
};

/**
 * The most each program may weigh, minified and gzipped, in bytes: what a Worker author would
 * accept for a client that checks what it gets. The small-bundle path is the functions.
 */
export const SIZE_LIMITS: Readonly<Record<string, number>> = {
  "get-one-DAG Worker, function on a bare core": 10_000,
  "trigger-and-wait Worker, functions on a bare core": 15_000,
  "whole entry point": 40_000,
};

/** One program's bundle. */
export interface BundleSize {
  program: string;
  minified: number;
  gzipped: number;
  /** The minified code, for checks of what tree-shaking kept. */
  code: string;
}

/** The length of `bytes` once gzipped. */
export async function gzippedLength(bytes: Uint8Array<ArrayBuffer>): Promise<number> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/** Builds the npm package, bundles every program against it and measures the bundles. */
export async function measureSizes(): Promise<BundleSize[]> {
  await buildNpm();
  const dir = await Deno.makeTempDir({ prefix: "airflowkit-size-" });
  try {
    await Deno.mkdir(`${dir}/node_modules/@airflowkit`, { recursive: true });
    await Deno.symlink(new URL("npm", ROOT).pathname, `${dir}/node_modules/@airflowkit/client`);
    const sizes: BundleSize[] = [];
    for (const [index, [program, source]] of Object.entries(PROGRAMS).entries()) {
      await Deno.writeTextFile(`${dir}/entry${index}.mjs`, source);
      const code = await bundle(dir, `entry${index}.mjs`, "neutral");
      sizes.push({
        program,
        minified: code.byteLength,
        gzipped: await gzippedLength(code),
        code: new TextDecoder().decode(code),
      });
    }
    return sizes;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

if (import.meta.main) {
  const sizes = await measureSizes();
  if (Deno.args.includes("--json")) {
    const rows = sizes.map(({ program, minified, gzipped }) => ({ program, minified, gzipped }));
    console.log(JSON.stringify(rows, null, 2));
  } else {
    console.log("| program | minified | minified + gzip |\n|---|---:|---:|");
    for (const { program, minified, gzipped } of sizes) {
      console.log(`| ${program} | ${kilobytes(minified)} | ${kilobytes(gzipped)} |`);
    }
  }
}
