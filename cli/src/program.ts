/**
 * The `airflowkit` command line: the global flags, every command, their help, and how a run of
 * the program ends (its exit code).
 *
 * @module
 */
import { Command, CommanderError, Option } from "commander";
import { registerDags } from "./commands/dags.ts";
import { registerLogs } from "./commands/logs.ts";
import { registerProfiles } from "./commands/profiles.ts";
import { registerRuns } from "./commands/runs.ts";
import { registerTasks } from "./commands/tasks.ts";
import { registerVars } from "./commands/vars.ts";
import { registerVersion } from "./commands/version.ts";
import { Context, type GlobalFlags } from "./context.ts";
import { EXIT } from "./exit_codes.ts";
import { failureOf } from "./failure.ts";
import type { Io } from "./io.ts";
import { OUTPUT_FORMATS } from "./output/printer.ts";
import { colorsFor, Style } from "./output/style.ts";
import { CLI_VERSION } from "./version.ts";

/** A command's work: given its context, positional arguments and options, its exit code. */
export type Handler<Options = Record<string, unknown>> = (
  context: Context,
  args: string[],
  options: Options,
) => Promise<number | void>;

/** Turns a {@link Handler} into a commander action; see {@link buildProgram}. */
export type Define = <Options>(
  handler: Handler<Options>,
) => (...params: unknown[]) => Promise<void>;

const MAIN_HELP = `
Where Airflow is (first found wins):
  --fake                          the embedded fake Airflow, with example DAGs
  --profile NAME, AIRFLOWKIT_PROFILE   a profile saved with \`airflowkit profiles set\`
  --url URL, AIRFLOW_URL          with AIRFLOW_TOKEN, or AIRFLOW_USERNAME and AIRFLOW_PASSWORD
  the profile named "default"
  --username, --password-stdin and --token-stdin replace the credentials found so.

Exit codes:
  0 done   1 the run failed   2 usage error   3 authentication or permission refused
  4 not found   5 timeout   6 no connection   7 other error   8 declined at a prompt
  130 interrupted (Ctrl-C)

Examples:
  $ airflowkit --fake runs trigger etl_daily --wait --follow-logs
  $ airflowkit dags ls
  $ airflowkit runs ls --state failed --since 24h
  $ airflowkit logs etl_daily <run-id> extract --follow
  $ airflowkit runs ls -o json | jq -r '.[].run_id'
`;

/** The program, its actions reporting through `io` and setting the exit code with `done`. */
export function buildProgram(io: Io, done: (code: number) => void): Command {
  const errorStyle = new Style(colorsFor(io.stderr, io.env, !io.env.NO_COLOR));
  const define: Define = (handler) => async (...params) => {
    const command = params[params.length - 1] as Command;
    const options = params[params.length - 2] as never;
    const args = params.slice(0, -2) as string[];
    const flags = command.optsWithGlobals() as GlobalFlags;
    const context = new Context(io, flags);
    try {
      done((await handler(context, args, options)) ?? EXIT.ok);
    } catch (error) {
      const failure = failureOf(error, io.interrupt.aborted);
      const style = context.printer.errorStyle;
      io.stderr.write(`${style.paint("red", "error:")} ${failure.message}\n`);
      if (failure.hint) io.stderr.write(`${style.paint("dim", `hint: ${failure.hint}`)}\n`);
      done(failure.exitCode);
    }
  };

  const program = new Command("airflowkit")
    .description(
      "Apache Airflow from the command line: DAGs, runs, logs and variables, for Airflow 3 and 2.",
    )
    .version(CLI_VERSION, "-V, --version", "print the CLI's version")
    .option("--url <url>", "Airflow's base URL (else AIRFLOW_URL)")
    .option("--username <name>", "user name (else AIRFLOW_USERNAME); with --password-stdin")
    .option("--password-stdin", "read the password from standard input")
    .option("--token-stdin", "read a bearer token from standard input")
    .option("--profile <name>", "use a saved profile (else AIRFLOWKIT_PROFILE)")
    .option("--fake", "talk to the embedded fake Airflow, with example DAGs")
    .addOption(
      new Option("-o, --output <format>", "how results are printed").choices(OUTPUT_FORMATS)
        .default("table"),
    )
    .option("--no-color", "no colours (also with NO_COLOR set, or when not a terminal)")
    .option("-q, --quiet", "no progress or notes on standard error")
    .showSuggestionAfterError()
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) =>
        write(text.replace(/^error:/, errorStyle.paint("red", "error:"))),
    })
    .addHelpText("after", MAIN_HELP);

  registerDags(program, define);
  registerRuns(program, define);
  registerTasks(program, define);
  registerLogs(program, define);
  registerVars(program, define);
  registerProfiles(program, define);
  registerVersion(program, define);
  return program;
}

/** The exit code of a commander error: help and version are no error; the rest is usage. */
function commanderExit(error: CommanderError): number {
  return ["commander.helpDisplayed", "commander.version"].includes(error.code)
    ? EXIT.ok
    : EXIT.usage;
}

/**
 * Runs the command line `argv` (without the program's name) against `io`; resolves with the
 * exit code.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => exitCode = code);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error);
    throw error;
  }
}
