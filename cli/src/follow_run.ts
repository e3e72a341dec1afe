/**
 * Following a run until it finishes: its state from `dagRuns.watch`, its task instances read
 * every interval for the status line and, with logs, each try's log followed as soon as the try
 * begins, its lines labelled with the task.
 *
 * @module
 */
import { isAirflowError, NotFoundError } from "@airflowkit/client";
import type { AirflowApi } from "./api/api.ts";
import type { LogRow, RunRow, TaskRow } from "./api/rows.ts";
import type { RowStream } from "./output/printer.ts";
import type { StatusLine } from "./output/status_line.ts";
import { formatElapsed } from "./output/time.ts";
import { sleep } from "./sleep.ts";

/** What following a run needs. */
export interface FollowRunOptions {
  api: AirflowApi;
  dagId: string;
  runId: string;
  /** Milliseconds between reads. */
  interval: number;
  /** Where progress goes. */
  status: StatusLine;
  /** Where log lines go; no logs are read without it. */
  logs?: RowStream<LogRow>;
  /** Says that a log could not be read, and following goes on. */
  warn(message: string): void;
  /** Ends the following. */
  signal: AbortSignal;
}

/** Task states before a try has begun. */
const NOT_STARTED = new Set([
  null,
  "none",
  "scheduled",
  "queued",
  "removed",
  "skipped",
  "upstream_failed",
]);

/** Task states after which no try follows. */
const DONE = new Set(["success", "failed", "upstream_failed", "skipped", "removed"]);

/** States in the order the status line counts them. */
const STATE_ORDER = [
  "success",
  "running",
  "queued",
  "scheduled",
  "up_for_retry",
  "deferred",
  "failed",
  "upstream_failed",
  "skipped",
];

/** `success 2 · running 1 (transform) · none 1`. */
export function taskSummary(tasks: readonly TaskRow[], separator = " · "): string {
  const counts = new Map<string, number>();
  for (const task of tasks) {
    counts.set(task.state ?? "none", (counts.get(task.state ?? "none") ?? 0) + 1);
  }
  const order = [
    ...STATE_ORDER,
    ...[...counts.keys()].filter((state) => !STATE_ORDER.includes(state)),
  ];
  const running = tasks.filter((task) => task.state === "running").map((task) => task.task_id);
  return order.filter((state) => counts.has(state)).map((state) => {
    const names = state === "running" && running.length <= 3 ? ` (${running.join(", ")})` : "";
    return `${state} ${counts.get(state)}${names}`;
  }).join(separator);
}

/** Follows the run until it has finished; returns it finished, with its task instances. */
export async function followRun(
  options: FollowRunOptions,
): Promise<{ run: RunRow; tasks: TaskRow[] }> {
  const { api, dagId, runId, interval, status, logs, signal } = options;
  const started = Date.now();
  let state = "queued";
  let tasks: TaskRow[] = [];
  const lastTry = new Map<string, number>();
  const chains = new Map<string, Promise<void>>();
  let finishedChain = Promise.resolve();

  const render = () => {
    const elapsed = formatElapsed(Date.now() - started);
    const summary = taskSummary(tasks);
    status.show(
      `${dagId} ${runId}  ${state}  ${elapsed}${summary ? `  │ ${summary}` : ""}`,
      `${dagId} ${runId}: ${state}${summary ? `; tasks: ${taskSummary(tasks, ", ")}` : ""}`,
      `[${elapsed}] `,
    );
  };

  const readLog = async (task: TaskRow, tryNumber: number) => {
    try {
      for await (
        const row of api.logs({ ...task, try_number: tryNumber }, {
          follow: true,
          interval,
          signal,
        })
      ) {
        status.above(() => logs!.push(row));
      }
    } catch (error) {
      if (signal.aborted || !isAirflowError(error)) throw error;
      if (!(error instanceof NotFoundError)) {
        options.warn(
          `could not read the log of ${task.task_id} try ${tryNumber}: ${error.message}`,
        );
      }
    }
  };

  /** Follows each try not followed yet, in order, one after the other for each task instance. */
  const followTries = (task: TaskRow) => {
    if (!logs) return;
    const upTo = NOT_STARTED.has(task.state) ? task.try_number - 1 : task.try_number;
    const key = `${task.task_id}\u0000${task.map_index}`;
    const from = (lastTry.get(key) ?? 0) + 1;
    if (from > upTo) return;
    lastTry.set(key, upTo);
    // A task seen only once it has finished is read after the others that have, in the order
    // they started, so that whole logs do not interleave.
    const done = !chains.has(key) && DONE.has(task.state ?? "");
    let chain = done ? finishedChain : chains.get(key) ?? Promise.resolve();
    for (let tryNumber = from; tryNumber <= upTo; tryNumber++) {
      chain = chain.then(() => readLog(task, tryNumber));
    }
    if (done) finishedChain = chain;
    else chains.set(key, chain);
  };

  const readTasks = async () => {
    tasks = await api.listTasks(dagId, runId, { signal });
    [...tasks].sort((a, b) => (a.start_date ?? "~").localeCompare(b.start_date ?? "~"))
      .forEach(followTries);
    render();
  };

  const stopPolling = new AbortController();
  const polling = AbortSignal.any([signal, stopPolling.signal]);
  const ticker = status.live ? setInterval(render, 1000) : undefined;
  try {
    render();
    const poller = (async () => {
      while (!polling.aborted) {
        await readTasks();
        await sleep(interval, polling);
      }
    })().catch((error) => {
      if (!stopPolling.signal.aborted) throw error;
    });
    const watcher = (async () => {
      for await (const step of api.watchRun(dagId, runId, { interval, signal })) {
        if (step.finished) return step.run;
        state = step.state;
        render();
      }
    })();
    const finished = await Promise.race([watcher, poller.then(() => watcher)]);
    if (!finished) throw new Error(`the progress of ${dagId} ${runId} ended before the run did`);
    stopPolling.abort();
    await poller;
    state = finished.state;
    await readTasks();
    await Promise.all([...chains.values(), finishedChain]);
    return { run: finished, tasks };
  } finally {
    stopPolling.abort();
    if (ticker !== undefined) clearInterval(ticker);
    status.clear();
  }
}
