/**
 * Bundling with the pinned esbuild the way a user's bundler would: one minified ES module,
 * tree-shaken, packages resolved from `node_modules` beside the entry.
 *
 * @module
 */

const ESBUILD = new URL("../.tools/node_modules/esbuild/bin/esbuild", import.meta.url).pathname;

/** Bundles `entry` (relative to `cwd`) and returns the bundled code. */
export async function bundle(
  cwd: string,
  entry: string,
  platform: "browser" | "neutral",
): Promise<Uint8Array<ArrayBuffer>> {
  const output = await new Deno.Command(ESBUILD, {
    args: [
      entry,
      "--bundle",
      "--minify",
      "--format=esm",
      `--platform=${platform}`,
      "--main-fields=module,main",
      "--log-level=warning",
    ],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(`esbuild failed on ${entry}:\n${new TextDecoder().decode(output.stderr)}`);
  }
  return output.stdout;
}
