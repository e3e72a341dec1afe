/**
 * Waiting for a run, up to a bound, with a progress notification at each look: the run's state
 * and how many of its tasks have finished, against the seconds allowed.
 *
 * @module
 */
import * as z from "zod";
import type { AirflowApi } from "../airflow/api.ts";
import type { RunRow, TaskRow } from "../airflow/rows.ts";
import { counts, countStates } from "./format.ts";
import { runRow, stateCounts, taskRow } from "./shapes.ts";
import { sleep } from "./sleep.ts";
import type { ToolContext } from "./tool.ts";

/** Run states after which nothing more happens. */
const FINISHED = new Set(["success", "failed"]);

/** Task states that are an outcome. */
const TASK_DONE = new Set(["success", "failed", "skipped", "upstream_failed", "removed"]);

/** What a wait ends with. */
export interface Waited {
  run: RunRow;
  finished: boolean;
  waited_seconds: number;
  /** How many task instances are in each state. */
  task_states: Record<string, number>;
  /** Task instances that failed, with their tries: where to look next. */
  failed_tasks: TaskRow[];
}

/** The output fields of a wait. */
export const waitedShape: z.ZodRawShape = {
  run: runRow,
  finished: z.boolean().describe("The run has finished (success or failed)."),
  waited_seconds: z.number(),
  task_states: stateCounts,
  failed_tasks: z.array(taskRow),
};

function progressMessage(run: RunRow, tasks: readonly TaskRow[]): string {
  const done = tasks.filter((task) => task.state && TASK_DONE.has(task.state)).length;
  return `${run.dag_id} ${run.run_id}: ${run.state}; ${done} of ${tasks.length} tasks finished ` +
    `(${counts(countStates(tasks))})`;
}

/**
 * Looks at the run every poll interval until it finishes or `seconds` pass; the client's
 * cancellation ends it at once.
 */
export async function waitForRun(
  api: AirflowApi,
  dagId: string,
  runId: string,
  seconds: number,
  { config, signal, progress }: ToolContext,
): Promise<Waited> {
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const interval = config.pollIntervalSeconds * 1000;
  for (;;) {
    const [run, tasks] = await Promise.all([
      api.getRun(dagId, runId, { signal }),
      api.listTasks(dagId, runId, { signal }),
    ]);
    const elapsed = (Date.now() - started) / 1000;
    const finished = FINISHED.has(run.state);
    if (finished || Date.now() >= deadline) {
      return {
        run,
        finished,
        waited_seconds: Math.round(elapsed * 10) / 10,
        task_states: countStates(tasks),
        failed_tasks: tasks.filter((task) =>
          task.state === "failed" || task.state === "upstream_failed"
        ),
      };
    }
    await progress({ progress: elapsed, total: seconds, message: progressMessage(run, tasks) });
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), signal);
  }
}

/** A wait's outcome as text. */
export function waitedText(waited: Waited): string {
  const { run } = waited;
  const head = waited.finished
    ? `Run ${run.run_id} of ${run.dag_id} finished: ${run.state.toUpperCase()} after ${
      run.duration ?? "?"
    } s.`
    : `Run ${run.run_id} of ${run.dag_id} is still ${run.state} after waiting ${waited.waited_seconds} s; ` +
      "call wait_for_run to wait longer, or get_run later.";
  const failed = waited.failed_tasks.map((task) =>
    `${task.task_id}${
      task.map_index >= 0 ? `[${task.map_index}]` : ""
    } ${task.state} (try ${task.try_number})`
  );
  return [
    head,
    `Tasks: ${counts(waited.task_states)}.`,
    ...(failed.length ? [`Failed: ${failed.join("; ")}. get_task_log shows why.`] : []),
  ].join("\n");
}
