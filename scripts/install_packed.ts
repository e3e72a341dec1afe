/**
 * A user's project with the repository's built npm packages installed, as `npm install` of
 * their tarballs gives them: each package folder packed with `npm pack`, then installed into a
 * new temporary folder (registry dependencies come from the registry).
 *
 * @module
 */

const ROOT = new URL("../", import.meta.url).pathname;

async function npm(args: string[], cwd: string): Promise<string> {
  const output = await new Deno.Command("npm", { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  if (!output.success) {
    throw new Error(`npm ${args.join(" ")} failed:\n${decode(output.stderr)}`);
  }
  return decode(output.stdout);
}

/**
 * Packs `folders` (built packages, relative to the repository, such as `npm` and `cli/npm`) and
 * installs them into a new folder named with `prefix`, whose `package.json` is `manifest`.
 * Returns the folder and the tarballs, in the order of `folders`.
 */
export async function installPacked(
  folders: string[],
  prefix: string,
  manifest: Record<string, unknown>,
): Promise<{ dir: string; tarballs: string[] }> {
  const dir = await Deno.makeTempDir({ prefix });
  const tarballs: string[] = [];
  for (const folder of folders) {
    const packed = await npm(["pack", "--json", "--pack-destination", dir, `./${folder}`], ROOT);
    tarballs.push(`${dir}/${JSON.parse(packed)[0].filename}`);
  }
  await Deno.writeTextFile(`${dir}/package.json`, JSON.stringify(manifest));
  await npm(
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--silent", ...tarballs],
    dir,
  );
  return { dir, tarballs };
}
