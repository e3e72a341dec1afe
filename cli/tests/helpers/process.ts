/**
 * The CLI run as users run it: a separate process (`deno run cli/main.ts`), its output in pipes.
 */

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const PERMISSIONS = ["--allow-net", "--allow-env", "--allow-read", "--allow-write"];

/** What the process did. */
export interface ProcessOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of every run: where Deno keeps its cache, and a config file that does not
 * exist, so that no profile of the machine's user is read.
 */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = { AIRFLOWKIT_CONFIG: "/nonexistent/airflowkit/config.json" };
  for (const name of ["HOME", "DENO_DIR", "PATH"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** The command that starts the CLI, for shells and tmux. */
export function cliCommand(): string[] {
  return [Deno.execPath(), "run", "--quiet", ...PERMISSIONS, MAIN];
}

/** Runs the CLI with `args`, `env` (and nothing else of this process's) and `stdin`. */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<ProcessOutcome> {
  const [command, ...prefix] = cliCommand();
  const child = new Deno.Command(command, {
    args: [...prefix, ...args],
    env: { ...baseEnv(), ...options.env },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  if (options.stdin !== undefined) await writer.write(new TextEncoder().encode(options.stdin));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** Lines of ndjson output, parsed. */
export function ndjson(text: string): Record<string, unknown>[] {
  return text.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
}
