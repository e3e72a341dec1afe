/**
 * airflowkit as it was at earlier commits, bundled like the current one, so that each change to
 * the per-call path is measured before and after in the same run. Each commit's sources come
 * from `git archive` (no work tree is touched), built into an npm package by that commit's own
 * `scripts/build_npm.ts`.
 *
 * @module
 */
import { bundle } from "../scripts/esbuild.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** A commit to measure, and what it changed. */
export interface Baseline {
  id: string;
  commit: string;
  label: string;
}

/**
 * The steps of the per-call work, in order: the commit before it, then each change. The last
 * step is also what the current code has, unless later commits changed the path again.
 */
export const BASELINES: Baseline[] = [
  { id: "step-0", commit: "15ac2e4", label: "before: checks compiled ahead of time" },
  { id: "step-1", commit: "853b370", label: "+ a paginator prepares its request once" },
  { id: "step-2", commit: "da3c5ef", label: "+ query string without URLSearchParams" },
  { id: "step-3", commit: "cdada64", label: "+ no timer for credentials at hand" },
  { id: "step-4", commit: "a190142", label: "+ no abort guards around the runtime's fetch" },
  { id: "step-5", commit: "6d65fef", label: "+ an attempt is one object, no closures per attempt" },
  { id: "step-6", commit: "a2c9d3e", label: "+ an empty filter set is not prepared" },
];

async function run(command: string, args: string[], cwd: string): Promise<void> {
  const output = await new Deno.Command(command, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  if (!output.success) {
    const text = new TextDecoder().decode(output.stderr) + new TextDecoder().decode(output.stdout);
    throw new Error(`${command} ${args.join(" ")} failed:\n${text}`);
  }
}

/**
 * Builds the airflowkit contender (`contenders/airflowkit.ts`, taken from the current tree) of
 * each baseline commit under `work`; returns the bundle paths by baseline id.
 */
export async function buildBaselines(
  work: string,
  log: (line: string) => void,
): Promise<Record<string, string>> {
  const bundles: Record<string, string> = {};
  for (const baseline of BASELINES) {
    log(`building airflowkit at ${baseline.commit} (${baseline.label})`);
    const tree = `${work}/baselines/${baseline.id}`;
    await Deno.mkdir(`${tree}/.tools`, { recursive: true });
    await run("sh", ["-c", `git archive ${baseline.commit} | tar -x -C ${tree}`], ROOT);
    await Deno.symlink(`${ROOT}.tools/node_modules`, `${tree}/.tools/node_modules`);
    await Deno.symlink(`${ROOT}../shared`, `${tree}/../shared`).catch(() => {});
    await run(Deno.execPath(), ["run", "-A", "scripts/build_npm.ts"], tree);
    const app = `${tree}/bench-app`;
    await Deno.mkdir(`${app}/node_modules/@airflowkit`, { recursive: true });
    await Deno.mkdir(`${app}/contenders`);
    await Deno.symlink(`${tree}/npm`, `${app}/node_modules/@airflowkit/client`);
    for (const file of ["airflowkit.ts", "contender.ts"]) {
      await Deno.copyFile(`${ROOT}bench/contenders/${file}`, `${app}/contenders/${file}`);
    }
    const path = `${work}/bundles/${baseline.id}.mjs`;
    await Deno.writeFile(path, await bundle(app, "contenders/airflowkit.ts", "neutral"));
    bundles[baseline.id] = path;
  }
  return bundles;
}
