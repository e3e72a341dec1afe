/**
 * Waiting for a run as `runs trigger --wait` and `runs wait` do: progress on standard error, task
 * logs as they come with `--follow-logs`, the finished run as the result, and the run's outcome
 * as the exit code. Ctrl-C and `--timeout` stop the waiting, not the run, and say so.
 *
 * @module
 */
import type { AirflowApi } from "../api/api.ts";
import type { LogRow, RunRow, TaskRow } from "../api/rows.ts";
import type { Context } from "../context.ts";
import { CliError, EXIT, usage } from "../exit_codes.ts";
import { followRun } from "../follow_run.ts";
import { formatElapsed, formatSeconds } from "../output/time.ts";
import { logLine } from "./logs.ts";

/** How to wait. */
export interface WaitFlags {
  followLogs?: boolean;
  timeout?: number;
  interval?: number;
}

/** A shell word: quoted when it holds anything a shell would read differently. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Refuses `--follow-logs` with `--output json`, which prints one document at the end. */
export function checkWaitFlags(context: Context, flags: WaitFlags): void {
  if (flags.followLogs && context.printer.format === "json") {
    throw usage("--follow-logs prints log lines as they come: use --output table or ndjson");
  }
}

/** Waits for the run, prints it finished, and returns the exit code its state calls for. */
export async function waitForRun(
  context: Context,
  api: AirflowApi,
  dagId: string,
  runId: string,
  flags: WaitFlags,
): Promise<number> {
  const { printer } = context;
  const timer = flags.timeout === undefined ? undefined : AbortSignal.timeout(flags.timeout);
  const signal = timer ? AbortSignal.any([context.signal, timer]) : context.signal;
  const width = { label: 0 };
  const logs = flags.followLogs
    ? printer.stream<LogRow>((row) => logLine(row, printer.style, labelOf(row, width)))
    : undefined;
  const resume = `airflowkit runs wait ${shellWord(dagId)} ${shellWord(runId)}`;
  let run: RunRow;
  let tasks: TaskRow[];
  try {
    ({ run, tasks } = await followRun({
      api,
      dagId,
      runId,
      interval: flags.interval ?? 2_000,
      status: context.statusLine(),
      logs,
      signal,
      warn: (message) => printer.note(printer.errorStyle.paint("yellow", `warning: ${message}`)),
    }));
  } catch (error) {
    if (context.signal.aborted) {
      throw new CliError(
        `stopped waiting; the run ${dagId} ${runId} keeps going on the server.\n` +
          `Follow it again with: ${resume}`,
        EXIT.interrupted,
      );
    }
    if (timer?.aborted) {
      throw new CliError(
        `gave up waiting after ${formatElapsed(flags.timeout!)}; the run ${dagId} ${runId} ` +
          `keeps going on the server.\nFollow it again with: ${resume}`,
        EXIT.timeout,
      );
    }
    throw error;
  }
  logs?.end();
  const ok = run.state === "success";
  const mark = printer.style.paint(ok ? "green" : "red", ok ? "✓" : "✗");
  const took = run.duration === null ? "" : ` in ${formatSeconds(run.duration)}`;
  const failed = tasks.filter((task) => task.state === "failed").map((task) => task.task_id);
  const blame = failed.length ? `; failed: ${failed.join(", ")}` : "";
  const state = printer.style.paint(ok ? "green" : "red", run.state);
  printer.item(run, `${mark} ${dagId} ${runId} ${state}${took}${blame}`);
  return ok ? EXIT.ok : EXIT.runFailed;
}

/** `extract`, or `build_report (try 2)`, padded to the widest label so far. */
function labelOf(row: LogRow, width: { label: number }): string {
  const mapped = row.map_index === -1 ? "" : `[${row.map_index}]`;
  const label = `${row.task_id}${mapped}${row.try_number > 1 ? ` (try ${row.try_number})` : ""}`;
  width.label = Math.max(width.label, label.length);
  return label.padEnd(width.label);
}
