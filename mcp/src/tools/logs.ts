/**
 * `get_task_log`: the last lines of a task's log, bounded in lines and bytes. The client drops
 * the log's source-details header, so the lines are the task's own.
 *
 * @module
 */
import * as z from "zod";
import type { LogLineRow } from "../airflow/rows.ts";
import { byteLength } from "./bound.ts";
import { dagId, logLineRow, runId } from "./shapes.ts";
import { defineTool, READS, type Tool, ToolError } from "./tool.ts";

/** How much of a log is read at most, looking for its end: more costs a Worker too much. */
export const MAX_SCAN_BYTES = 32 * 1024 * 1024;

/** The longest line kept whole. */
const LINE_LIMIT = 2_000;

function clipLine(line: LogLineRow): LogLineRow {
  return line.event.length <= LINE_LIMIT ? line : {
    ...line,
    event: `${line.event.slice(0, LINE_LIMIT)}… [${
      line.event.length - LINE_LIMIT
    } more characters cut]`,
  };
}

function lineBytes(line: LogLineRow): number {
  return byteLength(line.event) + (line.timestamp?.length ?? 0) + (line.level?.length ?? 0) + 4;
}

/** Keeps the last lines whose bytes fit, oldest dropped first. */
function lastBytes(lines: LogLineRow[], maxBytes: number): LogLineRow[] {
  let total = 0;
  let start = lines.length;
  while (start > 0 && total + lineBytes(lines[start - 1]) <= maxBytes) {
    total += lineBytes(lines[start - 1]);
    start--;
  }
  return lines.slice(start);
}

/** `get_task_log`. */
export const getTaskLog: Tool = defineTool({
  name: "get_task_log",
  title: "Tail a task's log",
  description: "The last lines of a task instance's log (its latest try unless try_number is " +
    "given), to find out why it failed. Bounded by `lines` and `max_bytes`; the oldest lines go " +
    "first.",
  input: {
    dag_id: dagId,
    run_id: runId,
    task_id: z.string().min(1).max(250).describe("The task's id."),
    map_index: z.number().int().min(-1).default(-1).describe(
      "For a mapped task, which instance; -1 (default) for a task that is not mapped.",
    ),
    try_number: z.number().int().min(1).optional().describe("Which try; the latest by default."),
    lines: z.number().int().min(1).max(1_000).default(100).describe(
      "How many of the last lines to return (default 100).",
    ),
    max_bytes: z.number().int().min(500).max(200_000).default(8_000).describe(
      "The most bytes of log text to return (default 8000; the server's bound may be lower).",
    ),
  },
  output: {
    task_id: z.string(),
    map_index: z.number(),
    try_number: z.number(),
    state: z.string().nullable().describe("The task instance's state."),
    lines: z.array(logLineRow).describe("The log's last lines, oldest first."),
    lines_read: z.number().describe("How many lines the log had, as far as it was read."),
    complete: z.boolean().describe(
      "False when the log was too long to read to its end: the lines are the last of what was read.",
    ),
  },
  annotations: READS,
  keepTail: ["lines"],
  subjects: (args) => [
    { kind: "dag", dagId: args.dag_id },
    { kind: "run", dagId: args.dag_id, runId: args.run_id },
    { kind: "task", dagId: args.dag_id, runId: args.run_id, taskId: args.task_id },
  ],
  async run(args, { airflow, config, signal }) {
    const api = await airflow();
    const task = await api.getTask(args.dag_id, args.run_id, args.task_id, args.map_index, {
      signal,
    });
    const tryNumber = args.try_number ?? task.try_number;
    if (tryNumber < 1) {
      throw new ToolError(
        `${args.task_id} has not started in run ${args.run_id} (state: ${task.state ?? "none"}), ` +
          "so it has no log yet.",
      );
    }
    if (tryNumber > Math.max(task.try_number, 1)) {
      throw new ToolError(
        `${args.task_id} has had ${task.try_number} tr${task.try_number === 1 ? "y" : "ies"} in ` +
          `run ${args.run_id}; try_number ${tryNumber} has no log.`,
      );
    }
    const tail: LogLineRow[] = [];
    let read = 0;
    let scanned = 0;
    let complete = true;
    const lines = api.logLines({
      dagId: args.dag_id,
      runId: args.run_id,
      taskId: args.task_id,
      mapIndex: args.map_index,
      tryNumber,
    }, { signal });
    for await (const line of lines) {
      read++;
      scanned += line.event.length;
      tail.push(clipLine(line));
      if (tail.length > args.lines) tail.shift();
      if (scanned > MAX_SCAN_BYTES) {
        complete = false;
        break;
      }
    }
    // Room for the fields around the lines, so that the answer's bound does not cut them again.
    const room = Math.min(args.max_bytes, config.maxOutputBytes - 1_000);
    return {
      task_id: args.task_id,
      map_index: args.map_index,
      try_number: tryNumber,
      state: task.state,
      lines: lastBytes(tail, room),
      lines_read: read,
      complete,
    };
  },
  text(log) {
    const shown = log.lines.map((line) =>
      [line.timestamp, line.level?.toUpperCase(), line.event].filter(Boolean).join(" ")
    );
    const head = `Log of ${log.task_id}${log.map_index >= 0 ? `[${log.map_index}]` : ""} try ` +
      `${log.try_number} (${log.state ?? "no state"}): last ${log.lines.length} of ` +
      `${log.lines_read} lines${log.complete ? "" : " read (the log is longer; reading stopped)"}:`;
    return [head, ...shown].join("\n");
  },
});
