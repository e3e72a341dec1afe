/**
 * Backfill endpoints, as `routes/public/backfills.py` answers them; what a backfill does is in
 * `backfills.ts`.
 *
 * @module
 */
import {
  type BackfillRequest,
  changeBackfill,
  completedAt,
  createBackfill,
  dryRun,
} from "../backfills.ts";
import { type Context, type Handler, type Handlers, listAnswer } from "../context.ts";
import { fail, iso, json } from "../http.ts";
import type { Item } from "../query.ts";
import type { BackfillRecord } from "../records.ts";
import { bodyTime } from "./dag_runs.ts";

/** `BackfillResponse`. */
function backfillResponse(context: Context, backfill: BackfillRecord): Item {
  const completed = completedAt(context.store, backfill, context.now);
  return {
    completed_at: completed === null ? null : iso(completed),
    created_at: iso(backfill.createdAt),
    dag_display_name: backfill.dag_id,
    dag_id: backfill.dag_id,
    dag_run_conf: backfill.conf,
    from_date: iso(backfill.from),
    id: backfill.id,
    is_paused: backfill.paused,
    max_active_runs: backfill.maxActiveRuns,
    reprocess_behavior: backfill.reprocess,
    to_date: iso(backfill.to),
    updated_at: iso(backfill.updatedAt),
  };
}

/** A backfill request from a `BackfillPostBody`. */
export function backfillRequest(body: Record<string, unknown>): BackfillRequest {
  return {
    dag_id: String(body.dag_id),
    from: bodyTime(body, "from_date")!,
    to: bodyTime(body, "to_date")!,
    reverse: body.run_backwards === true,
    reprocess: (body.reprocess_behavior as BackfillRequest["reprocess"] | undefined) ?? "none",
    conf: (body.dag_run_conf as Record<string, unknown> | undefined) ?? {},
    maxActiveRuns: (body.max_active_runs as number | undefined) ?? 10,
  };
}

function change(kind: "pause" | "unpause" | "cancel"): Handler {
  return (context) => {
    const id = context.params.backfill_id as number;
    const backfill = context.store.backfills.find((candidate) => candidate.id === id);
    if (!backfill) fail(404, `Could not find backfill with id ${id}`);
    changeBackfill(context.store, backfill, kind, context.now);
    return json(backfillResponse(context, backfill));
  };
}

/** Backfill endpoints. */
export const backfillHandlers: Handlers = {
  list_backfills: (context) => {
    const dagId = String(context.query.dag_id);
    const items = context.store.backfills.filter((backfill) => backfill.dag_id === dagId)
      .map((backfill) => backfillResponse(context, backfill));
    return listAnswer(context, items, { consumed: ["dag_id"], defaultOrder: ["id"] });
  },
  get_backfill: (context) => {
    const id = context.params.backfill_id as number;
    const backfill = context.store.backfills.find((candidate) => candidate.id === id);
    if (!backfill) fail(404, "Backfill not found");
    return json(backfillResponse(context, backfill));
  },
  create_backfill: (context) => {
    const backfill = createBackfill(
      context.store,
      backfillRequest(context.body),
      context.now,
      context.user?.username ?? "admin",
    );
    return json(backfillResponse(context, backfill));
  },
  create_backfill_dry_run: (context) => {
    const dates = dryRun(context.store, backfillRequest(context.body), context.now);
    const backfills = dates.map((date) => ({
      logical_date: iso(date),
      partition_date: null,
      partition_key: null,
    }));
    return json({ backfills, total_entries: backfills.length });
  },
  pause_backfill: change("pause"),
  unpause_backfill: change("unpause"),
  cancel_backfill: change("cancel"),
};
