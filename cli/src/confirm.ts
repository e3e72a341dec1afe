/**
 * The one gate of destructive commands: `--yes` goes ahead, a person at a terminal is asked,
 * and anything else is refused before a request is sent.
 *
 * @module
 */
import { CliError, EXIT, usage } from "./exit_codes.ts";
import type { Io } from "./io.ts";

/** Whether the command may go ahead: `--yes`, or a terminal to ask on. Throws otherwise. */
export function checkConfirmable(io: Io, yes: boolean, action: string): void {
  if (yes || (io.stdin.isTTY && io.stderr.isTTY)) return;
  throw usage(
    `${action} needs --yes when there is no terminal to ask on (or --dry-run to only look)`,
  );
}

/** Asks `question` unless `yes`; throws when the answer is not yes. */
export async function confirm(io: Io, yes: boolean, question: string): Promise<void> {
  if (yes) return;
  checkConfirmable(io, yes, "this");
  io.stderr.write(`${question} [y/N] `);
  const answer = (await io.stdin.readLine())?.trim().toLowerCase();
  if (answer !== "y" && answer !== "yes") throw new CliError("nothing was changed", EXIT.declined);
}
