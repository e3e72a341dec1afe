/**
 * A real terminal for the CLI: tmux on its own server socket, a window of a fixed size, keys sent
 * as a person types them and the screen read back with `capture-pane`.
 */
import { cliCommand } from "./process.ts";

/** Quotes a word for `sh`. */
export function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

async function tmux(socket: string, args: string[]): Promise<string> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("tmux", {
      args: ["-L", socket, ...args],
      stdout: "piped",
      stderr: "piped",
    })
      .output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error("tmux is not installed: run `deno task setup` (apt-get install tmux)");
    }
    throw error;
  }
  if (!output.success) {
    throw new Error(`tmux ${args.join(" ")}: ${new TextDecoder().decode(output.stderr)}`);
  }
  return new TextDecoder().decode(output.stdout);
}

/** A terminal running one shell command line. */
export class Terminal {
  readonly #socket: string;

  private constructor(socket: string) {
    this.#socket = socket;
  }

  /**
   * Opens a `width`×`height` terminal that runs the CLI with `args` and `env`, then prints
   * `EXIT=<code>` and stays open.
   */
  static async open(
    args: string[],
    options: { env: Record<string, string>; width: number; height?: number },
  ): Promise<Terminal> {
    const socket = `airflowkit-test-${crypto.randomUUID()}`;
    const env = Object.entries({ TERM: "xterm-256color", ...options.env })
      .map(([name, value]) => `${name}=${quote(value)}`);
    const line =
      `trap true INT; env ${env.join(" ")} ${[...cliCommand(), ...args].map(quote).join(" ")}; ` +
      `echo EXIT=$?; sleep 600`;
    await tmux(socket, [
      "new-session",
      "-d",
      "-x",
      String(options.width),
      "-y",
      String(options.height ?? 40),
      "sh",
      "-c",
      line,
    ]);
    return new Terminal(socket);
  }

  /** The screen as text; with `colors`, with its escape sequences. */
  screen(colors = false): Promise<string> {
    return tmux(this.#socket, ["capture-pane", "-p", ...(colors ? ["-e"] : []), "-J"]);
  }

  /** Types keys, as tmux names them (`C-c`, `Enter`) or literally. */
  async keys(...keys: string[]): Promise<void> {
    await tmux(this.#socket, ["send-keys", ...keys]);
  }

  /**
   * Reads the screen until `test` holds, at most `tries` times 100 ms apart; throws with the
   * last screen if it never does.
   */
  async until(test: (screen: string) => boolean, what: string, tries = 300): Promise<string> {
    let screen = "";
    for (let attempt = 0; attempt < tries; attempt++) {
      screen = await this.screen();
      if (test(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the terminal never showed ${what}; it shows:\n${screen}`);
  }

  /** Closes the terminal and its tmux server. */
  async close(): Promise<void> {
    await tmux(this.#socket, ["kill-server"]).catch(() => {});
  }
}
