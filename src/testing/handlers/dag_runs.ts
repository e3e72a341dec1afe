/**
 * Handlers of DAG runs: list, trigger, read, change, delete, clear.
 *
 * @module
 */
import {
  type Context,
  type Handlers,
  listAnswer,
  param,
  selectRuns,
  sortRuns,
} from "../context.ts";
import { fail, json, noContent, unprocessable } from "../http.ts";
import { type Item, itemFields, listItems } from "../query.ts";
import { runResponse } from "../serializers.ts";
import type { RunRecord } from "../store.ts";

const RUN_ORDER = ["run_after", "dag_run_id"];
const RUN_ALIASES = { run_id: "dag_run_id", triggering_user_name: "triggering_user_name" };

function runItems(context: Context, runs: RunRecord[]): Item[] {
  return runs.map((run) => runResponse(context.store, run, context.store.view(run, context.now)));
}

function confContains(item: Item, value: unknown): boolean {
  return JSON.stringify(item.conf ?? {}).includes(String(value));
}

/** Reads a date-time of a body, as Airflow's aware date-time fields do. */
export function bodyTime(body: Record<string, unknown>, name: string): number | null | undefined {
  const value = body[name];
  if (value === undefined || value === null) return value as null | undefined;
  const text = String(value);
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) {
    unprocessable([{
      type: "datetime_from_date_parsing",
      loc: ["body", name],
      msg: "Input should be a valid datetime or date, invalid character in year",
      input: value,
    }]);
  }
  if (!/(Z|[+-]\d\d:?\d\d)$/i.test(text)) {
    unprocessable([{
      type: "timezone_aware",
      loc: ["body", name],
      msg: "Input should have timezone info",
      input: value,
    }]);
  }
  return parsed;
}

/** DAG run endpoints. */
export const dagRunHandlers: Handlers = {
  get_dag_runs: (context) =>
    listAnswer(context, runItems(context, selectRuns(context)), {
      aliases: { ...RUN_ALIASES, conf_contains: confContains },
      orderAliases: { run_id: "dag_run_id", id: "run_after" },
      defaultOrder: RUN_ORDER,
    }),
  get_list_dag_runs_batch: (context) => {
    const body = context.body as Record<string, unknown>;
    const { page_limit, page_offset, states, dag_ids, order_by, ...filters } = body;
    const query = {
      ...filters,
      limit: page_limit,
      offset: page_offset,
      state: states,
      dag_ids,
      order_by: order_by ?? undefined,
    };
    const fields = itemFields(context.operation.response, "dag_runs");
    const page = listItems(runItems(context, sortRuns(context.store.runs)), query, {
      aliases: { ...RUN_ALIASES, conf_contains: confContains },
      orderAliases: { run_id: "dag_run_id", id: "run_after" },
      sortable: fields,
      defaultOrder: RUN_ORDER,
    }, { maximum: context.settings.maximumPageLimit, fallback: 100 });
    return json({ dag_runs: page.items, total_entries: page.total });
  },
  get_dag_run: (context) => {
    const run = context.store.run(param(context, "dag_id"), param(context, "dag_run_id"));
    return json(runResponse(context.store, run, context.store.view(run, context.now)));
  },
  trigger_dag_run: (context) => {
    const dag = context.store.dag(param(context, "dag_id"));
    const body = context.body as Record<string, unknown>;
    const logicalDate = bodyTime(body, "logical_date") ?? null;
    const runAfter = bodyTime(body, "run_after") ?? context.now;
    const run = context.store.addRun({
      dag_id: dag.dag_id,
      run_id: (body.dag_run_id as string | null | undefined) ?? undefined,
      logical_date: logicalDate,
      run_after: runAfter,
      queued_at: context.now,
      conf: (body.conf as Record<string, unknown> | null | undefined) ?? {},
      note: (body.note as string | null | undefined) ?? null,
      user: context.user?.username ?? "admin",
    });
    return json(runResponse(context.store, run, context.store.view(run, context.now)));
  },
  patch_dag_run: (context) => {
    const run = context.store.run(param(context, "dag_id"), param(context, "dag_run_id"));
    const body = context.body as { state?: string | null; note?: string | null };
    const mask = (context.query.update_mask as string[] | undefined) ??
      Object.keys(body).filter((key) => key === "state" || key === "note");
    for (const field of mask) {
      if (field === "note") run.note = body.note ?? null;
      else if (field === "state") {
        if (body.state === "success" || body.state === "failed") {
          run.forced = { state: body.state, at: context.now };
        } else if (body.state === "queued") {
          restart(run, context.now, context.store.dag(run.dag_id).is_paused);
        }
      } else fail(400, `Invalid field \`${field}\` in update mask`);
    }
    return json(runResponse(context.store, run, context.store.view(run, context.now)));
  },
  delete_dag_run: (context) => {
    const run = context.store.run(param(context, "dag_id"), param(context, "dag_run_id"));
    context.store.runs = context.store.runs.filter((other) => other !== run);
    return noContent();
  },
};

/** Puts a run back in the queue, to run again from the start. */
function restart(run: RunRecord, now: number, paused: boolean): void {
  run.forced = undefined;
  run.events = [];
  run.queued_at = now;
  run.queuedSince = paused ? null : now;
  run.pushed = [];
  run.answers.clear();
  run.emitted.clear();
}
