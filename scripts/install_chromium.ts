/**
 * Makes sure the browser test has a Chromium: Debian's `chromium` package, installed with
 * apt-get when it is missing and this runs as root. Playwright's own browser download cannot
 * work here (the machines reach only npm and Debian), so the test drives the system browser.
 *
 * Usage: `deno task setup` (the test task runs it first). Set CHROMIUM_PATH to use another
 * Chromium; then nothing is installed.
 *
 * @module
 */

const DEFAULT_PATH = "/usr/bin/chromium";

/** Where the browser test finds Chromium: CHROMIUM_PATH, or Debian's. */
export function chromiumPath(): string {
  return Deno.env.get("CHROMIUM_PATH") ?? DEFAULT_PATH;
}

/** Whether `path` is a file. */
export async function exists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/** Runs apt-get with `args`, unattended; throws when it fails. */
export async function apt(args: string[]): Promise<void> {
  const { success, code } = await new Deno.Command("apt-get", {
    args,
    env: { DEBIAN_FRONTEND: "noninteractive" },
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!success) throw new Error(`apt-get ${args.join(" ")} exited with ${code}`);
}

if (import.meta.main) {
  const path = chromiumPath();
  if (await exists(path)) {
    console.log(`Chromium: ${path}`);
  } else if (path !== DEFAULT_PATH) {
    throw new Error(`CHROMIUM_PATH is ${path}, and there is no file there`);
  } else if (Deno.uid() !== 0) {
    throw new Error(
      "The browser test needs Debian's chromium: run `apt-get install chromium` as root, " +
        "or set CHROMIUM_PATH to a Chromium or Chrome binary.",
    );
  } else {
    console.log("Installing Debian's chromium for the browser test (apt-get)…");
    await apt(["update", "-qq"]);
    await apt(["install", "-y", "-qq", "--no-install-recommends", "chromium"]);
    if (!(await exists(DEFAULT_PATH))) throw new Error(`apt-get installed no ${DEFAULT_PATH}`);
  }
}
