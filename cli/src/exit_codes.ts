/**
 * The exit codes of `airflowkit`, and the error that carries one.
 *
 * @module
 */

/** Exit codes, as documented in the CLI's README and `airflowkit --help`. */
export const EXIT = {
  /** Done; the run, if waited for, succeeded. */
  ok: 0,
  /** The run waited for finished in a failed state. */
  runFailed: 1,
  /** Bad command line, flag, argument or configuration. */
  usage: 2,
  /** The server refused the credentials, or the user's role forbids the operation. */
  auth: 3,
  /** The DAG, run, task or variable does not exist. */
  notFound: 4,
  /** A time limit ran out: `--timeout`, or a server that did not answer in time. */
  timeout: 5,
  /** No answer from the server: refused, reset, unknown host. */
  connection: 6,
  /** Any other error: the server refused the request or answered something unreadable. */
  error: 7,
  /** The user answered no when asked to confirm. */
  declined: 8,
  /** Stopped by Ctrl-C. */
  interrupted: 130,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = typeof EXIT[keyof typeof EXIT];

/** An error a command reports with its own message and exit code. */
export class CliError extends Error {
  /** The exit code. */
  readonly exitCode: ExitCode;

  /**
   * @param message What went wrong, for the user.
   * @param exitCode The exit code; default {@link EXIT.usage}.
   */
  constructor(message: string, exitCode: ExitCode = EXIT.usage) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** A usage error: bad input from the command line, naming what was wrong. */
export function usage(message: string): CliError {
  return new CliError(message, EXIT.usage);
}
