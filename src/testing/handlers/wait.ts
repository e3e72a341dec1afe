/**
 * `GET .../dagRuns/{dag_run_id}/wait` (Airflow 3.1+): an NDJSON stream of the run's state,
 * one line at once and one per `interval`, ending with the results once the run has finished.
 *
 * @module
 */
import { type Context, type Handlers, param } from "../context.ts";
import { pythonJson } from "../http.ts";
import { xcomsOf } from "../serializers.ts";
import type { RunRecord } from "../store.ts";

const FINISHED = new Set(["success", "failed"]);

function stateLine(context: Context, run: RunRecord, resultIds: string[] | undefined): {
  line: string;
  finished: boolean;
} {
  const view = context.store.view(run, context.clock.now());
  const answer: Record<string, unknown> = { state: view.state };
  const finished = FINISHED.has(view.state);
  if (finished && resultIds?.length) {
    // The stored JSON text, not the value; a task that pushed nothing is left out.
    const results: Record<string, unknown> = {};
    for (const task of view.tasks) {
      if (!resultIds.includes(task.task.task_id)) continue;
      const xcom = xcomsOf(run, task).find((entry) => entry.key === "return_value");
      if (xcom) results[task.task.task_id] = xcom.value;
    }
    answer.results = results;
  }
  return { line: `${pythonJson(answer)}\n`, finished };
}

/** `wait_dag_run_until_finished`. */
export const waitHandlers: Handlers = {
  wait_dag_run_until_finished: (context) => {
    const run = context.store.run(param(context, "dag_id"), param(context, "dag_run_id"));
    const intervalMs = (context.query.interval as number) * 1000;
    const resultIds = context.query.result as string[] | undefined;
    const encoder = new TextEncoder();
    const stop = new AbortController();
    context.request.signal?.addEventListener("abort", () => stop.abort(), { once: true });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        void pump(controller);
      },
      cancel() {
        stop.abort();
      },
    });
    async function pump(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
      try {
        for (;;) {
          const { line, finished } = stateLine(context, run, resultIds);
          if (stop.signal.aborted) return;
          controller.enqueue(encoder.encode(line));
          if (finished) break;
          await context.clock.sleep(intervalMs, stop.signal);
        }
        controller.close();
      } catch {
        if (!stop.signal.aborted) controller.error(new Error("the wait stream failed"));
      }
    }
    return new Response(body, { status: 200, headers: { "content-type": "application/x-ndjson" } });
  },
};
