/**
 * The DAG tools: `list_dags` and `get_dag` (each with the files that failed to import), and
 * `pause_dag` and `unpause_dag`.
 *
 * @module
 */
import * as z from "zod";
import type { AirflowApi } from "../airflow/api.ts";
import type { DagRow, ImportErrorRow, Listing } from "../airflow/rows.ts";
import { describeFailure } from "./failure.ts";
import { plural, short, shownOf } from "./format.ts";
import { dagId, dagRow, importErrorRow, limit, runRow } from "./shapes.ts";
import { type Annotations, defineTool, READS, type Tool } from "./tool.ts";

/** How many import errors a DAG list carries. */
const IMPORT_ERRORS_SHOWN = 10;

const importErrors = z.object({
  total: z.number(),
  items: z.array(importErrorRow),
}).nullable().describe("DAG files that failed to import; null when Airflow would not list them.");

function dagLine(dag: DagRow): string {
  const facts = [
    dag.is_paused ? "paused" : "active",
    dag.schedule ? `schedule ${dag.schedule}` : "no schedule",
    ...(dag.next_run && !dag.is_paused ? [`next ${dag.next_run}`] : []),
    ...(dag.tags.length ? [`tags ${dag.tags.join(", ")}`] : []),
    ...(dag.has_import_errors ? ["IMPORT ERRORS"] : []),
  ];
  const about = short(dag.description);
  return `- ${dag.dag_id} [${facts.join("; ")}]${about ? ` ${about}` : ""}`;
}

function importErrorLines(errors: Listing<ImportErrorRow> | null, unavailable: string | null) {
  if (!errors) return [`Import errors: not available (${unavailable}).`];
  if (errors.total === 0) return [];
  return [
    `${plural(errors.total, "DAG file")} failed to import:`,
    ...errors.items.map((error) => `- ${error.filename}: ${short(error.error, 300)}`),
  ];
}

/** The import errors, or why they could not be read: a DAG list is still worth answering. */
async function readImportErrors(api: AirflowApi, signal: AbortSignal) {
  try {
    return {
      errors: await api.listImportErrors(IMPORT_ERRORS_SHOWN, { signal }),
      unavailable: null,
    };
  } catch (error) {
    if (signal.aborted) throw error;
    return { errors: null, unavailable: describeFailure(error) ?? "an unexpected error" };
  }
}

/** `list_dags`. */
export const listDags: Tool = defineTool({
  name: "list_dags",
  title: "List DAGs",
  description: "Lists DAGs with whether each is paused, its schedule, next run and tags, and the " +
    "DAG files that failed to import (a DAG whose file fails to import is missing from the list). " +
    "Filter by tags, paused state or a part of the id.",
  input: {
    tags: z.array(z.string().min(1)).max(20).optional().describe(
      "Only DAGs with any of these tags.",
    ),
    paused: z.boolean().optional().describe("Only paused (true) or only active (false) DAGs."),
    dag_id_contains: z.string().min(1).max(250).optional().describe("A part of the DAG id."),
    limit: limit(50),
  },
  output: {
    dags: z.array(dagRow),
    total: z.number().describe("How many DAGs match in all."),
    import_errors: importErrors,
    import_errors_unavailable: z.string().nullable(),
  },
  annotations: READS,
  async run(args, { airflow, signal }) {
    const api = await airflow();
    const [dags, { errors, unavailable }] = await Promise.all([
      api.listDags({
        limit: args.limit,
        tags: args.tags,
        paused: args.paused,
        pattern: args.dag_id_contains,
        signal,
      }),
      readImportErrors(api, signal),
    ]);
    return {
      dags: dags.items,
      total: dags.total,
      import_errors: errors,
      import_errors_unavailable: unavailable,
    };
  },
  text(answer) {
    return [
      `${shownOf(answer.dags.length, answer.total, "DAG")}:`,
      ...answer.dags.map(dagLine),
      ...importErrorLines(answer.import_errors, answer.import_errors_unavailable),
    ].join("\n");
  },
});

/** `get_dag`. */
export const getDag: Tool = defineTool({
  name: "get_dag",
  title: "Get a DAG",
  description: "One DAG: paused or not, schedule, next run, tags, owners, its file, its latest " +
    "runs, and the import error of its file if it failed to import.",
  input: { dag_id: dagId },
  output: {
    dag: dagRow,
    latest_runs: z.array(runRow),
    import_errors: z.array(importErrorRow).describe("Import errors of this DAG's file."),
  },
  annotations: READS,
  subjects: (args) => [{ kind: "dag", dagId: args.dag_id }],
  async run(args, { airflow, signal }) {
    const api = await airflow();
    const dag = await api.getDag(args.dag_id, { signal });
    const runs = await api.listRuns({ dagId: args.dag_id, limit: 5, signal });
    let errors: ImportErrorRow[] = [];
    if (dag.has_import_errors) {
      const { errors: all } = await readImportErrors(api, signal);
      errors = (all?.items ?? []).filter((error) =>
        dag.fileloc !== null &&
        (dag.fileloc.endsWith(error.filename) || error.filename.endsWith(dag.fileloc))
      );
    }
    return { dag, latest_runs: runs.items, import_errors: errors };
  },
  text({ dag, latest_runs, import_errors }) {
    return [
      dagLine(dag).slice(2),
      `Owners: ${dag.owners.join(", ") || "none"}; file: ${dag.fileloc ?? "unknown"}.`,
      latest_runs.length
        ? `Latest runs: ${latest_runs.map((run) => `${run.run_id} ${run.state}`).join("; ")}.`
        : "No runs yet.",
      ...import_errors.map((error) =>
        `Import error in ${error.filename}: ${short(error.error, 300)}`
      ),
    ].join("\n");
  },
});

function pauseTool(paused: boolean, annotations: Annotations): Tool {
  const verb = paused ? "pause" : "unpause";
  return defineTool({
    name: `${verb}_dag`,
    title: paused ? "Pause a DAG" : "Unpause a DAG",
    description: paused
      ? "Pauses a DAG: the scheduler starts no new runs of it until it is unpaused. Runs under " +
        "way go on. Changes Airflow."
      : "Unpauses a DAG: the scheduler starts its scheduled runs again, and with catchup on, " +
        "the runs it missed while paused. Changes Airflow.",
    input: { dag_id: dagId },
    output: {
      dag: dagRow,
      changed: z.boolean().describe(`False when the DAG was already ${verb}d.`),
    },
    annotations,
    subjects: (args) => [{ kind: "dag", dagId: args.dag_id }],
    async run(args, { airflow, signal }) {
      const api = await airflow();
      const before = await api.getDag(args.dag_id, { signal });
      if (before.is_paused === paused) return { dag: before, changed: false };
      return { dag: await api.setPaused(args.dag_id, paused, { signal }), changed: true };
    },
    text({ dag, changed }) {
      return changed
        ? `${dag.dag_id} is now ${paused ? "paused" : "active"}.`
        : `${dag.dag_id} was already ${paused ? "paused" : "active"}; nothing changed.`;
    },
  });
}

/** `pause_dag`: stops new runs, so it destroys nothing. */
export const pauseDag: Tool = pauseTool(true, {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
});

/** `unpause_dag`: lets the scheduler start runs, which may do anything their tasks do. */
export const unpauseDag: Tool = pauseTool(false, {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: true,
});
