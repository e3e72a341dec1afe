/**
 * `airflowkit logs`: a task's log, or with `--follow` its log as it is written, like `tail -f`.
 *
 * @module
 */
import type { Command } from "commander";
import type { LogRow } from "../api/rows.ts";
import { CliError, EXIT } from "../exit_codes.ts";
import type { Style, Tone } from "../output/style.ts";
import { formatTime } from "../output/time.ts";
import type { Define } from "../program.ts";
import { duration, integer } from "./options.ts";
import { defaultInterval } from "./runs.ts";

const LEVEL_TONES: Record<string, Tone> = {
  error: "red",
  critical: "red",
  warning: "yellow",
  warn: "yellow",
  debug: "dim",
};

/** A log line for people: `[label | ]time LEVEL event`, the parts the log has. */
export function logLine(row: LogRow, style: Style, label?: string): string {
  const parts: string[] = [];
  if (label !== undefined) parts.push(style.paint("blue", label), style.paint("dim", "|"));
  if (row.timestamp) parts.push(style.paint("dim", formatTime(row.timestamp)));
  if (row.level) {
    parts.push(style.paint(LEVEL_TONES[row.level.toLowerCase()], row.level.toUpperCase()));
  }
  parts.push(row.event);
  return parts.join(" ");
}

/** Adds `logs` to the program. */
export function registerLogs(program: Command, define: Define): void {
  program.command("logs")
    .description("print a task's log; with --follow, as it is written until the try ends")
    .argument("<dag_id>", "the DAG")
    .argument("<run_id>", "the run")
    .argument("<task_id>", "the task")
    .option("--try <n>", "which try (default: the latest)", integer(1))
    .option("--map-index <n>", "the mapped task instance", integer(-1), -1)
    .option("-f, --follow", "keep printing until the try has finished")
    .option("--interval <duration>", "with --follow: time between reads (default 2s)", duration)
    .addHelpText(
      "after",
      `
Examples:
  $ airflowkit logs etl_daily "$RUN_ID" extract
  $ airflowkit logs etl_daily "$RUN_ID" extract --follow
  $ airflowkit logs reporting "$RUN_ID" build_report --try 1 -o ndjson`,
    )
    .action(define<{ try?: number; mapIndex: number; follow?: boolean; interval?: number }>(
      async (context, [dagId, runId, taskId], options) => {
        const api = await context.api();
        const task = await api.getTask(dagId, runId, taskId, options.mapIndex);
        const tryNumber = options.try ?? Math.max(1, task.try_number);
        const { printer } = context;
        const lines = printer.stream<LogRow>((row) => logLine(row, printer.style));
        try {
          for await (
            const row of api.logs({ ...task, try_number: tryNumber }, {
              follow: options.follow === true,
              interval: options.interval ?? defaultInterval(context.flags.fake),
              signal: context.signal,
            })
          ) {
            lines.push(row);
          }
        } catch (error) {
          if (!context.signal.aborted) throw error;
          throw new CliError(
            "stopped following the log; nothing changed on the server",
            EXIT.interrupted,
          );
        }
        lines.end();
      },
    ));
}
