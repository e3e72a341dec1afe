/**
 * `airflowkit runs`: trigger a run (and wait for it, following its logs), list runs across every
 * DAG, and wait for a run.
 *
 * @module
 */
import type { Command } from "commander";
import type { RunRow } from "../api/rows.ts";
import { stateTone } from "../output/style.ts";
import type { Column } from "../output/table.ts";
import { formatSeconds, formatTime, parseSince } from "../output/time.ts";
import type { Define } from "../program.ts";
import { checkChoices, collect, duration, integer, jsonObject, RUN_STATES } from "./options.ts";
import { checkWaitFlags, type WaitFlags, waitForRun } from "./waiting.ts";

/** The columns of `runs list`. */
export const RUN_COLUMNS: Column<RunRow>[] = [
  { header: "DAG", value: (run) => run.dag_id },
  { header: "RUN ID", value: (run) => run.run_id },
  {
    header: "STATE",
    value: (run) => run.state,
    tone: (run) => stateTone(run.state),
    shrink: false,
  },
  { header: "TYPE", value: (run) => run.run_type ?? "" },
  { header: "STARTED", value: (run) => formatTime(run.start_date), shrink: false },
  { header: "DURATION", value: (run) => formatSeconds(run.duration), shrink: false },
];

/** The default of `--interval`: 2 s, or 250 ms on the fake, whose clock runs fast. */
export function defaultInterval(fake: boolean | undefined): number {
  return fake ? 250 : 2_000;
}

/** Adds `runs` to the program. */
export function registerRuns(program: Command, define: Define): void {
  const runs = program.command("runs").description("trigger DAG runs, list them and wait for them");

  runs.command("trigger")
    .description("trigger a run of a DAG; with --wait, wait for it and exit with its outcome")
    .argument("<dag_id>", "the DAG")
    .option("--conf <json>", "the run's configuration, a JSON object", jsonObject)
    .option("--run-id <id>", "the run's id (else Airflow makes one)")
    .option("--logical-date <date>", "the run's logical date, ISO 8601 (else none)")
    .option("-w, --wait", "wait for the run to finish; exit 1 if it failed")
    .option("--follow-logs", "with --wait: print each task's log as it runs, labelled")
    .option("--timeout <duration>", "with --wait: stop waiting after this long (30m, 2h)", duration)
    .option(
      "--interval <duration>",
      "with --wait: time between checks (default 2s)",
      duration,
    )
    .addHelpText(
      "after",
      `
The run keeps going on the server when waiting stops (Ctrl-C, --timeout).

Examples:
  $ airflowkit runs trigger etl_daily
  $ airflowkit runs trigger etl_daily --conf '{"day": "2026-11-20"}' --wait --follow-logs
  $ airflowkit runs trigger etl_daily --wait --timeout 1h -o json | jq -r .state
  $ airflowkit --fake runs trigger reporting --wait --follow-logs`,
    )
    .action(define<
      WaitFlags & {
        conf?: Record<string, unknown>;
        runId?: string;
        logicalDate?: string;
        wait?: boolean;
      }
    >(async (context, [dagId], options) => {
      const wait = options.wait || options.followLogs;
      if (wait) checkWaitFlags(context, options);
      const api = await context.api();
      const run = await api.trigger(dagId, {
        conf: options.conf,
        runId: options.runId,
        logicalDate: options.logicalDate,
      });
      const triggered = `Triggered ${run.dag_id} ${run.run_id} (${run.state})`;
      if (!wait) return context.printer.item(run, triggered);
      if (context.printer.human) context.io.stdout.write(triggered + "\n");
      else context.printer.note(triggered);
      return await waitForRun(context, api, dagId, run.run_id, {
        ...options,
        interval: options.interval ?? defaultInterval(context.flags.fake),
      });
    }));

  runs.command("list").alias("ls")
    .description("list runs, newest first, of every DAG or of one")
    .option("--dag <dag_id>", "only this DAG's runs")
    .option(
      "--state <state>",
      `only runs in this state (repeat, or commas): ${RUN_STATES.join(", ")}`,
      collect,
    )
    .option("--since <when>", "only runs started since: a duration ago (24h, 7d) or a date")
    .option("--limit <n>", "at most this many runs", integer(1), 100)
    .addHelpText(
      "after",
      `
Examples:
  $ airflowkit runs ls --state failed --since 24h
  $ airflowkit runs ls --dag etl_daily --limit 5
  $ airflowkit runs ls --since 2026-11-20 -o ndjson`,
    )
    .action(define<{ dag?: string; state?: string[]; since?: string; limit: number }>(
      async (context, _args, options) => {
        checkChoices("--state", options.state ?? [], RUN_STATES);
        const since = options.since === undefined
          ? undefined
          : parseSince(options.since, Date.now());
        const api = await context.api();
        const rows = await api.listRuns({
          dagId: options.dag,
          states: options.state,
          since,
          limit: options.limit,
        });
        context.printer.list(rows, RUN_COLUMNS, "no runs");
      },
    ));

  runs.command("wait")
    .description("wait for a run to finish; exit 1 if it failed")
    .argument("<dag_id>", "the DAG")
    .argument("<run_id>", "the run")
    .option("--follow-logs", "print each task's log as it runs, labelled")
    .option("--timeout <duration>", "stop waiting after this long (30m, 2h)", duration)
    .option("--interval <duration>", "time between checks (default 2s)", duration)
    .addHelpText(
      "after",
      `
Examples:
  $ airflowkit runs wait etl_daily 'manual__2026-11-20T10:00:00+00:00'
  $ airflowkit runs wait etl_daily "$RUN_ID" --follow-logs --timeout 2h`,
    )
    .action(define<WaitFlags>(async (context, [dagId, runId], options) => {
      checkWaitFlags(context, options);
      const api = await context.api();
      return await waitForRun(context, api, dagId, runId, {
        ...options,
        interval: options.interval ?? defaultInterval(context.flags.fake),
      });
    }));
}
