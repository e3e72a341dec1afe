/**
 * The npm package as a user gets it: built by scripts/build_npm.ts, packed with `npm pack`, and
 * installed from the tarball into a fresh temporary project, once per test process.
 */
import { buildNpm } from "../../scripts/build_npm.ts";
import { bundle } from "../../scripts/esbuild.ts";
import { installPacked } from "../../scripts/install_packed.ts";

const ROOT = new URL("../../", import.meta.url);
/** Pinned tools installed by `npm install --prefix .tools`. */
export const TOOLS = new URL(".tools/node_modules/", ROOT);

/** A temporary project with the packed package installed. */
export interface PackageProject {
  /** The project folder. */
  dir: string;
  /** The tarball `npm pack` wrote. */
  tarball: string;
}

/** Runs a command and returns its stdout; throws with stderr when it fails. */
export async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const output = await new Deno.Command(command, {
    args,
    cwd: options.cwd,
    env: options.env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr);
    throw new Error(
      `${command} ${args.join(" ")} exited with ${output.code}\n${stderr}\n${stdout}`,
    );
  }
  return stdout;
}

/** The last line of a runtime's output, parsed as JSON. */
export function lastJsonLine(stdout: string): unknown {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

let project: Promise<PackageProject> | undefined;

/** Builds, packs and installs the package once; later calls share the same project. */
export function packageProject(): Promise<PackageProject> {
  project ??= (async () => {
    await buildNpm();
    const { dir, tarballs: [tarball] } = await installPacked(["npm"], "airflowkit-npm-", {
      name: "airflowkit-consumer",
      private: true,
      type: "module",
    });
    const programs = [
      "smoke.mjs",
      "cli_main.mjs",
      "worker_main.mjs",
      "browser_main.mjs",
      "held_signal_main.mjs",
    ];
    for (const file of programs) {
      await Deno.copyFile(new URL(`../runtimes/${file}`, import.meta.url), `${dir}/${file}`);
    }
    return { dir, tarball };
  })();
  return project;
}

/** Bundles `entry` of the project with esbuild into one minified ES module; returns its path. */
export async function bundleFile(
  dir: string,
  entry: string,
  platform: "browser" | "neutral",
): Promise<string> {
  const outfile = `${dir}/${entry.replace(/\.mjs$/, "")}.bundle.js`;
  await Deno.writeFile(outfile, await bundle(dir, entry, platform));
  return outfile;
}
