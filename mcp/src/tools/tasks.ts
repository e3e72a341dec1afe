/**
 * The task tools: `list_task_instances` of a run, and `clear_failed_tasks`, which clears only
 * after a dry run was shown and its confirmation code sent back.
 *
 * @module
 */
import * as z from "zod";
import type { ClearedRow } from "../airflow/api.ts";
import { counts, countStates, plural } from "./format.ts";
import { dagId, runId, stateCounts, taskRow } from "./shapes.ts";
import { defineTool, READS, type Tool, ToolError } from "./tool.ts";

/** `list_task_instances`. */
export const listTaskInstances: Tool = defineTool({
  name: "list_task_instances",
  title: "List a run's task instances",
  description: "The task instances of a DAG run: state, try number, start, end and duration of " +
    "each (mapped tasks once per map index). Filter by state, such as failed.",
  input: {
    dag_id: dagId,
    run_id: runId,
    state: z.array(z.string().min(1)).max(20).optional().describe(
      "Only these states (success, failed, upstream_failed, running, queued, scheduled, " +
        "up_for_retry, skipped, …); `none` for task instances not scheduled yet.",
    ),
  },
  output: {
    tasks: z.array(taskRow),
    task_states: stateCounts.describe("Every task instance of the run, by state."),
  },
  annotations: READS,
  subjects: (args) => [
    { kind: "dag", dagId: args.dag_id },
    { kind: "run", dagId: args.dag_id, runId: args.run_id },
  ],
  async run(args, { airflow, signal }) {
    const tasks = await (await airflow()).listTasks(args.dag_id, args.run_id, { signal });
    const wanted = args.state ? new Set(args.state) : undefined;
    return {
      tasks: wanted ? tasks.filter((task) => wanted.has(task.state ?? "none")) : tasks,
      task_states: countStates(tasks),
    };
  },
  text({ tasks, task_states }) {
    return [
      `${plural(tasks.length, "task instance")} (of the run: ${counts(task_states)}):`,
      ...tasks.map((task) =>
        `- ${task.task_id}${task.map_index >= 0 ? `[${task.map_index}]` : ""}: ` +
        `${task.state ?? "none"}, try ${task.try_number}` +
        (task.duration !== null ? `, ${task.duration} s` : "") +
        (task.start_date ? `, started ${task.start_date}` : "")
      ),
    ].join("\n");
  },
});

/**
 * A code naming exactly this set of task instances of this run: sent back with the clear, it
 * proves the caller saw the dry run of what is cleared now.
 */
async function confirmation(
  dag: string,
  run: string,
  downstream: boolean,
  rows: readonly ClearedRow[],
): Promise<string> {
  const keys = rows.map((row) => `${row.task_id}\u0000${row.map_index}`).sort();
  const text = JSON.stringify([dag, run, downstream, keys]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(
    new Uint8Array(digest).slice(0, 6),
    (byte) => byte.toString(16).padStart(2, "0"),
  )
    .join("");
}

function rowsText(rows: readonly ClearedRow[]): string[] {
  return rows.map((row) =>
    `- ${row.task_id}${row.map_index >= 0 ? `[${row.map_index}]` : ""}` +
    (row.state ? ` (${row.state})` : "")
  );
}

/** `clear_failed_tasks`. */
export const clearFailedTasks: Tool = defineTool({
  name: "clear_failed_tasks",
  title: "Clear failed tasks",
  description: "Clears the failed task instances of a run so that Airflow runs them again. Two " +
    "steps: called without `confirm` it only shows what would be cleared (a dry run) and a " +
    "confirmation code; show that list to the user, and once they agree call it again with " +
    "`confirm` set to the code. If what would be cleared has changed since, nothing is cleared " +
    "and the new list and code are returned. Changes Airflow.",
  input: {
    dag_id: dagId,
    run_id: runId,
    task_ids: z.array(z.string().min(1)).max(100).optional().describe(
      "Only these tasks' failed instances; all failed ones when left out.",
    ),
    include_downstream: z.boolean().default(false).describe(
      "Clear the tasks downstream of those cleared too.",
    ),
    confirm: z.string().regex(/^[0-9a-f]{12}$/).optional().describe(
      "The confirmation code of the dry run that was shown to the user.",
    ),
  },
  output: {
    cleared: z.boolean().describe("True once cleared; false for a dry run."),
    task_instances: z.array(z.object({
      task_id: z.string(),
      map_index: z.number(),
      state: z.string().nullable(),
    })),
    confirm: z.string().nullable().describe("After a dry run, the code that confirms this clear."),
  },
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
  subjects: (args) => [
    { kind: "dag", dagId: args.dag_id },
    { kind: "run", dagId: args.dag_id, runId: args.run_id },
  ],
  async run(args, { airflow, signal }) {
    const api = await airflow();
    const options = { taskIds: args.task_ids, downstream: args.include_downstream, signal };
    const planned = await api.clearFailed(args.dag_id, args.run_id, { ...options, dryRun: true });
    const code = await confirmation(args.dag_id, args.run_id, args.include_downstream, planned);
    if (args.confirm === undefined || planned.length === 0) {
      return { cleared: false, task_instances: planned, confirm: planned.length ? code : null };
    }
    if (args.confirm !== code) {
      throw new ToolError(
        "Nothing was cleared: the failed task instances changed since the dry run (or the code " +
          `is not this run's). Now ${plural(planned.length, "task instance")} would be cleared:\n` +
          `${rowsText(planned).join("\n")}\nShow this to the user; to clear them, call again ` +
          `with confirm "${code}".`,
      );
    }
    const cleared = await api.clearFailed(args.dag_id, args.run_id, { ...options, dryRun: false });
    return { cleared: true, task_instances: cleared, confirm: null };
  },
  text({ cleared, task_instances, confirm }) {
    if (cleared) {
      return [
        `Cleared ${plural(task_instances.length, "task instance")}; Airflow will run them again:`,
      ]
        .concat(rowsText(task_instances)).join("\n");
    }
    if (task_instances.length === 0) return "Nothing to clear: no failed task instances match.";
    return [
      `Dry run: ${plural(task_instances.length, "task instance")} would be cleared:`,
      ...rowsText(task_instances),
      `Nothing was cleared. Show this list to the user; if they agree, call clear_failed_tasks ` +
      `again with the same arguments and confirm "${confirm}".`,
    ].join("\n");
  },
});
