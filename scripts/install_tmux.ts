/**
 * Makes sure the CLI's terminal tests have tmux: Debian's `tmux` package, installed with apt-get
 * when it is missing and this runs as root.
 *
 * Usage: `deno task setup` (the test task runs it first).
 *
 * @module
 */
import { apt, exists } from "./install_chromium.ts";

/** Where the terminal tests find tmux. */
export const TMUX_PATH = "/usr/bin/tmux";

if (import.meta.main) {
  if (await exists(TMUX_PATH)) {
    console.log(`tmux: ${TMUX_PATH}`);
  } else if (Deno.uid() !== 0) {
    throw new Error("The CLI's terminal tests need tmux: run `apt-get install tmux` as root.");
  } else {
    console.log("Installing Debian's tmux for the CLI's terminal tests (apt-get)…");
    await apt(["update", "-qq"]);
    await apt(["install", "-y", "-qq", "--no-install-recommends", "tmux"]);
    if (!(await exists(TMUX_PATH))) throw new Error(`apt-get installed no ${TMUX_PATH}`);
  }
}
