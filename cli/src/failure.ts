/**
 * How a failure ends the command: the message on standard error and the exit code, for the
 * CLI's own errors and for the library's.
 *
 * @module
 */
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  isAirflowError,
  NotFoundError,
  PermissionDeniedError,
  RequestValidationError,
} from "@airflowkit/client";
import { CliError, EXIT, type ExitCode } from "./exit_codes.ts";

/** What to tell the user about a failure, and how to exit. */
export interface Failure {
  /** The message, one or more lines. */
  message: string;
  /** What might fix it, if anything useful can be said. */
  hint?: string;
  /** The exit code. */
  exitCode: ExitCode;
}

/** The {@link Failure} an error stands for. */
export function failureOf(error: unknown, interrupted: boolean): Failure {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (interrupted || error instanceof APIUserAbortError) {
    return { message: "interrupted", exitCode: EXIT.interrupted };
  }
  if (!isAirflowError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { message: `unexpected error: ${message}`, exitCode: EXIT.error };
  }
  if (error instanceof AuthenticationError) {
    return {
      message: error.message,
      hint: "check AIRFLOW_USERNAME and AIRFLOW_PASSWORD, or AIRFLOW_TOKEN, or the profile",
      exitCode: EXIT.auth,
    };
  }
  if (error instanceof PermissionDeniedError) {
    return { message: error.message, exitCode: EXIT.auth };
  }
  if (error instanceof NotFoundError) return { message: error.message, exitCode: EXIT.notFound };
  if (error instanceof APITimeoutError) return { message: error.message, exitCode: EXIT.timeout };
  if (error instanceof APIConnectionError) {
    return {
      message: error.message,
      hint: "is AIRFLOW_URL (or --url) right, and is the server up?",
      exitCode: EXIT.connection,
    };
  }
  if (error instanceof RequestValidationError) {
    return { message: error.message, exitCode: EXIT.usage };
  }
  return { message: error.message, exitCode: EXIT.error };
}
