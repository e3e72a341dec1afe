/**
 * `airflowkit tasks`: a run's task instances, and clearing them so that they run again, after a
 * dry run that shows which would be cleared.
 *
 * @module
 */
import type { Command } from "commander";
import type { ClearedRow } from "../api/api.ts";
import type { TaskRow } from "../api/rows.ts";
import { checkConfirmable, confirm } from "../confirm.ts";
import { stateTone } from "../output/style.ts";
import type { Column } from "../output/table.ts";
import { formatSeconds, formatTime } from "../output/time.ts";
import type { Define } from "../program.ts";
import { checkChoices, collect, TASK_STATES } from "./options.ts";

/** The columns of `tasks list`. */
export const TASK_COLUMNS: Column<TaskRow>[] = [
  {
    header: "TASK",
    value: (task) => task.task_id + (task.map_index === -1 ? "" : `[${task.map_index}]`),
  },
  {
    header: "STATE",
    value: (task) => task.state ?? "none",
    tone: (task) => stateTone(task.state),
    shrink: false,
  },
  { header: "TRY", value: (task) => String(task.try_number), shrink: false },
  { header: "STARTED", value: (task) => formatTime(task.start_date), shrink: false },
  { header: "DURATION", value: (task) => formatSeconds(task.duration), shrink: false },
];

const CLEARED_COLUMNS: Column<ClearedRow>[] = [
  {
    header: "TASK",
    value: (task) => task.task_id + (task.map_index === -1 ? "" : `[${task.map_index}]`),
  },
  { header: "STATE", value: (task) => task.state ?? "", tone: (task) => stateTone(task.state) },
];

/** What `tasks clear` prints as JSON. */
export interface ClearResult {
  /** Whether nothing was changed (`--dry-run`). */
  dry_run: boolean;
  /** The task instances cleared, or that would be. */
  task_instances: ClearedRow[];
}

/** Adds `tasks` to the program. */
export function registerTasks(program: Command, define: Define): void {
  const tasks = program.command("tasks").description("list a run's task instances, clear them");

  tasks.command("list").alias("ls")
    .description("list the task instances of a run")
    .argument("<dag_id>", "the DAG")
    .argument("<run_id>", "the run")
    .option("--state <state>", "only task instances in this state (repeat, or commas)", collect)
    .addHelpText(
      "after",
      `
Examples:
  $ airflowkit tasks ls etl_daily "$RUN_ID"
  $ airflowkit tasks ls flaky_checks "$RUN_ID" --state failed,upstream_failed`,
    )
    .action(define<{ state?: string[] }>(async (context, [dagId, runId], options) => {
      checkChoices("--state", options.state ?? [], TASK_STATES);
      const api = await context.api();
      const rows = (await api.listTasks(dagId, runId))
        .filter((task) => !options.state || options.state.includes(task.state ?? "none"));
      context.printer.list(rows, TASK_COLUMNS, "no task instances");
    }));

  tasks.command("clear")
    .description("clear task instances of a run so that they run again; shows what first and asks")
    .argument("<dag_id>", "the DAG")
    .argument("<run_id>", "the run")
    .option("--failed", "only the failed ones (and those upstream_failed)")
    .option("--task <task_id>", "only this task (repeat, or commas)", collect)
    .option("--downstream", "also the tasks downstream of those")
    .option("--dry-run", "only show what would be cleared")
    .option("-y, --yes", "clear without asking")
    .addHelpText(
      "after",
      `
Without --yes it asks, on a terminal; elsewhere it refuses. It always asks Airflow for a dry run
first and shows what would be cleared.

Examples:
  $ airflowkit tasks clear flaky_checks "$RUN_ID" --failed --dry-run
  $ airflowkit tasks clear flaky_checks "$RUN_ID" --failed
  $ airflowkit tasks clear etl_daily "$RUN_ID" --task transform --downstream --yes`,
    )
    .action(
      define<
        { failed?: boolean; task?: string[]; downstream?: boolean; dryRun?: boolean; yes?: boolean }
      >(
        async (context, [dagId, runId], options) => {
          const { io, printer } = context;
          const yes = options.yes === true;
          if (!options.dryRun) checkConfirmable(io, yes, "clearing task instances");
          const api = await context.api();
          const what = {
            onlyFailed: options.failed === true,
            taskIds: options.task,
            downstream: options.downstream === true,
          };
          const preview = await api.clearTasks(dagId, runId, { ...what, dryRun: true });
          const show = (result: ClearResult, text: string, table = true) => {
            if (!printer.human) return printer.item(result, "");
            if (table && result.task_instances.length > 0) {
              printer.list(result.task_instances, CLEARED_COLUMNS);
            }
            printer.note(text);
          };
          const count = (n: number) => `${n} task instance${n === 1 ? "" : "s"}`;
          if (preview.length === 0) {
            return show(
              { dry_run: true, task_instances: [] },
              `Nothing to clear in ${dagId} ${runId}.`,
            );
          }
          if (options.dryRun) {
            return show(
              { dry_run: true, task_instances: preview },
              `Would clear ${
                count(preview.length)
              } of ${dagId} ${runId} (dry run: nothing changed).`,
            );
          }
          if (!yes) {
            printer.list(preview, CLEARED_COLUMNS);
            await confirm(
              io,
              false,
              `Clear ${count(preview.length)} of ${dagId} ${runId}? They will run again.`,
            );
          }
          const cleared = await api.clearTasks(dagId, runId, { ...what, dryRun: false });
          show(
            { dry_run: false, task_instances: cleared },
            `Cleared ${count(cleared.length)} of ${dagId} ${runId}.`,
            yes,
          );
        },
      ),
    );
}
