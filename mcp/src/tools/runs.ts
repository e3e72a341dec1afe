/**
 * The run tools: `list_runs` across DAGs with filters, `get_run`, `wait_for_run`, and
 * `trigger_dag_run` (which may wait too).
 *
 * @module
 */
import * as z from "zod";
import type { RunRow } from "../airflow/rows.ts";
import { counts, countStates, shownOf } from "./format.ts";
import { dagId, limit, runId, runRow, stateCounts, taskRow } from "./shapes.ts";
import { parseSince } from "./time.ts";
import { defineTool, READS, type Tool, ToolError } from "./tool.ts";
import { type Waited, waitedShape, waitedText, waitForRun } from "./wait.ts";

const RUN_STATES = ["queued", "running", "success", "failed"] as const;

function runLine(run: RunRow): string {
  const when = run.start_date ? `started ${run.start_date}` : "not started";
  const took = run.duration !== null ? `, ${run.duration} s` : "";
  return `- ${run.dag_id} ${run.run_id}: ${run.state} (${run.run_type ?? "?"}, ${when}${took})`;
}

/** The wait allowed: what was asked, within the server's bound. */
function allowedWait(asked: number, bound: number): number {
  return Math.min(asked, bound);
}

/** `list_runs`. */
export const listRuns: Tool = defineTool({
  name: "list_runs",
  title: "List DAG runs",
  description: 'Lists DAG runs, newest first, of one DAG or of every DAG: for "what failed ' +
    'last night" ask for state failed since 24h. Filter by state and by start time.',
  input: {
    dag_id: dagId.optional().describe("One DAG's runs; every DAG's when left out."),
    state: z.array(z.enum(RUN_STATES)).max(4).optional().describe("Only runs in these states."),
    since: z.string().max(40).optional().describe(
      "Only runs that started at or after this: an ISO 8601 time (2026-11-20T06:00:00Z) or a " +
        "span back from now (30m, 24h, 7d).",
    ),
    limit: limit(25),
  },
  output: {
    runs: z.array(runRow),
    total: z.number().describe("How many runs match in all."),
    since: z.string().nullable().describe("The start time applied, as ISO 8601."),
  },
  annotations: READS,
  subjects: (args) => args.dag_id ? [{ kind: "dag", dagId: args.dag_id }] : [],
  async run(args, { airflow, signal }) {
    const since = args.since === undefined ? undefined : parseSince(args.since, "since");
    const api = await airflow();
    const runs = await api.listRuns({
      dagId: args.dag_id,
      states: args.state,
      since,
      limit: args.limit,
      signal,
    });
    return { runs: runs.items, total: runs.total, since: since?.toISOString() ?? null };
  },
  text(answer) {
    const filter = answer.since ? ` since ${answer.since}` : "";
    return [`${shownOf(answer.runs.length, answer.total, "run")}${filter}, newest first:`]
      .concat(answer.runs.map(runLine)).join("\n");
  },
});

/** `get_run`. */
export const getRun: Tool = defineTool({
  name: "get_run",
  title: "Get a DAG run",
  description: "One DAG run: its state, times and conf, and each of its task instances with " +
    "its state and try number.",
  input: { dag_id: dagId, run_id: runId },
  output: {
    run: runRow,
    task_states: stateCounts,
    tasks: z.array(taskRow),
  },
  annotations: READS,
  subjects: (args) => [
    { kind: "dag", dagId: args.dag_id },
    { kind: "run", dagId: args.dag_id, runId: args.run_id },
  ],
  async run(args, { airflow, signal }) {
    const api = await airflow();
    const [run, tasks] = await Promise.all([
      api.getRun(args.dag_id, args.run_id, { signal }),
      api.listTasks(args.dag_id, args.run_id, { signal }),
    ]);
    return { run, task_states: countStates(tasks), tasks };
  },
  text({ run, task_states, tasks }) {
    return [
      runLine(run).slice(2),
      `Conf: ${JSON.stringify(run.conf)}${run.note ? `; note: ${run.note}` : ""}.`,
      `Tasks: ${counts(task_states)}.`,
      ...tasks.map((task) =>
        `- ${task.task_id}${task.map_index >= 0 ? `[${task.map_index}]` : ""}: ` +
        `${task.state ?? "none"} (try ${task.try_number})`
      ),
    ].join("\n");
  },
});

/** `wait_for_run`. */
export const waitForRunTool: Tool = defineTool({
  name: "wait_for_run",
  title: "Wait for a DAG run",
  description: "Waits until a run finishes or the seconds given pass (at most the server's " +
    "bound; get_airflow_status shows it), reporting progress meanwhile; then says how it ended " +
    "and which tasks failed.",
  input: {
    dag_id: dagId,
    run_id: runId,
    wait_seconds: z.number().min(1).max(3_600).default(60).describe(
      "How long to wait at most, in seconds (default 60).",
    ),
  },
  output: waitedShape,
  annotations: READS,
  subjects: (args) => [
    { kind: "dag", dagId: args.dag_id },
    { kind: "run", dagId: args.dag_id, runId: args.run_id },
  ],
  async run(args, context): Promise<Waited> {
    const seconds = allowedWait(args.wait_seconds, context.config.maxWaitSeconds);
    return await waitForRun(await context.airflow(), args.dag_id, args.run_id, seconds, context);
  },
  text: waitedText,
});

/** `trigger_dag_run`. */
export const triggerDagRun: Tool = defineTool({
  name: "trigger_dag_run",
  title: "Trigger a DAG run",
  description: "Starts a run of a DAG now, with an optional conf, and may wait for it (up to " +
    "wait_seconds, within the server's bound), reporting progress. The run executes the DAG's " +
    "tasks, which may change anything they touch. Changes Airflow.",
  input: {
    dag_id: dagId,
    conf: z.record(z.string(), z.unknown()).optional().describe("The run's conf (JSON object)."),
    run_id: z.string().min(1).max(250).optional().describe(
      "An id for the run; Airflow makes one if left out.",
    ),
    logical_date: z.iso.datetime({ offset: true }).optional().describe(
      "The run's logical date, ISO 8601; none if left out (Airflow 3), now (Airflow 2).",
    ),
    note: z.string().max(1_000).optional().describe("A note shown with the run."),
    wait_seconds: z.number().min(0).max(3_600).default(0).describe(
      "Seconds to wait for the run to finish (default 0: return once it is queued).",
    ),
  },
  output: {
    run: runRow,
    waited: z.object(waitedShape).nullable().describe("How the wait ended; null without one."),
  },
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
  subjects: (args) => [{ kind: "dag", dagId: args.dag_id }],
  async run(args, context) {
    const api = await context.airflow();
    const run = await api.trigger(args.dag_id, {
      conf: args.conf,
      runId: args.run_id,
      logicalDate: args.logical_date,
      note: args.note,
      signal: context.signal,
    });
    if (!run.run_id) throw new ToolError("Airflow accepted the run but gave no run id.");
    const seconds = allowedWait(args.wait_seconds, context.config.maxWaitSeconds);
    if (seconds <= 0) return { run, waited: null };
    const waited = await waitForRun(api, args.dag_id, run.run_id, seconds, context);
    return { run: waited.run, waited };
  },
  text({ run, waited }) {
    const started = `Triggered ${run.dag_id}: run ${run.run_id} (${run.state}).`;
    return waited ? `${started}\n${waitedText(waited)}` : `${started} wait_for_run follows it.`;
  },
});
