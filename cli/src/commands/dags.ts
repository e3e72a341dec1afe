/**
 * `airflowkit dags`: list DAGs, pause and unpause them.
 *
 * @module
 */
import type { Command } from "commander";
import type { DagRow } from "../api/rows.ts";
import { formatTime } from "../output/time.ts";
import type { Column } from "../output/table.ts";
import type { Define } from "../program.ts";
import { collect, integer } from "./options.ts";

/** The columns of `dags list`. */
export const DAG_COLUMNS: Column<DagRow>[] = [
  { header: "DAG", value: (dag) => dag.dag_id, shrink: false },
  {
    header: "PAUSED",
    value: (dag) => dag.is_paused ? "yes" : "no",
    tone: (dag) => dag.is_paused ? "yellow" : undefined,
  },
  { header: "SCHEDULE", value: (dag) => dag.schedule ?? "" },
  { header: "NEXT RUN", value: (dag) => formatTime(dag.next_run) },
  { header: "TAGS", value: (dag) => dag.tags.join(", ") },
];

/** Adds `dags` to the program. */
export function registerDags(program: Command, define: Define): void {
  const dags = program.command("dags").description("list DAGs, pause and unpause them");

  dags.command("list").alias("ls")
    .description("list DAGs: id, paused, schedule, next run and tags")
    .option("--tag <tag>", "only DAGs with this tag (repeat, or separate with commas)", collect)
    .option("--paused", "only paused DAGs")
    .option("--active", "only DAGs that are not paused")
    .option("--limit <n>", "at most this many DAGs", integer(1), 1000)
    .addHelpText(
      "after",
      `
Examples:
  $ airflowkit dags ls
  $ airflowkit dags ls --tag etl --active
  $ airflowkit dags ls -o json | jq -r '.[] | select(.is_paused) | .dag_id'`,
    )
    .action(define<{ tag?: string[]; paused?: boolean; active?: boolean; limit: number }>(
      async (context, _args, options) => {
        const paused = options.paused ? true : options.active ? false : undefined;
        const api = await context.api();
        const rows = await api.listDags({ tags: options.tag, paused, limit: options.limit });
        context.printer.list(rows, DAG_COLUMNS, "no DAGs");
      },
    ));

  for (const [verb, paused] of [["pause", true], ["unpause", false]] as const) {
    dags.command(verb)
      .description(paused ? "pause a DAG: the scheduler starts no new runs of it" : "unpause a DAG")
      .argument("<dag_id>", "the DAG")
      .addHelpText(
        "after",
        `
Examples:
  $ airflowkit dags ${verb} etl_daily
  $ airflowkit dags ${verb} etl_daily -o json`,
      )
      .action(define(async (context, [dagId]) => {
        const api = await context.api();
        const dag = await api.setPaused(dagId, paused);
        context.printer.item(dag, `${paused ? "Paused" : "Unpaused"} ${dag.dag_id}`);
      }));
  }
}
