/**
 * `airflowkit`, the command line for Apache Airflow's REST API, built on `@airflowkit/client`:
 * list DAGs, trigger runs and wait for them while their logs stream, find what failed, clear it,
 * and read or set variables, on Airflow 3 and 2, from Deno, Node or Bun.
 *
 * ```sh
 * deno run -A jsr:@airflowkit/cli --fake runs trigger etl_daily --wait --follow-logs
 * npx @airflowkit/cli dags ls
 * ```
 *
 * Run as a program, it reads the command line and exits with the command's exit code. Imported,
 * {@link main} runs a command line in the current process.
 *
 * @module
 */
import process from "node:process";
import { processIo } from "./src/process_io.ts";
import { run } from "./src/program.ts";

/**
 * Runs `airflowkit` with `args` (the command line without the program's name) in this process,
 * writing to its standard output and error; resolves with the exit code, without exiting.
 *
 * @param args The command line, such as `["dags", "ls", "-o", "json"]`.
 * @returns The exit code: 0 done, 1 the run failed, 2 usage error, 3 authentication, 4 not
 * found, 5 timeout, 6 connection, 7 other error, 8 declined, 130 interrupted.
 * @example List the DAGs of the embedded fake Airflow as JSON
 * ```ts
 * import { main } from "@airflowkit/cli";
 *
 * const code = await main(["--fake", "dags", "ls", "-o", "json"]);
 * console.log("exit code", code);
 * ```
 */
export function main(args: readonly string[]): Promise<number> {
  return run(args, processIo());
}

/** Runs the command line of this process and exits with its code. */
export async function runAsProgram(): Promise<never> {
  const code = await main(process.argv.slice(2));
  // Output to pipes may still be buffered: exit once it is written.
  await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
  process.exit(code);
}

if ((import.meta as { main?: boolean }).main) await runAsProgram();
