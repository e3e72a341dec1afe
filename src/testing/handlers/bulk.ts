/**
 * Airflow's bulk endpoints (`PATCH /pools`, `/variables`, `/connections` and, from 3.1, a run's
 * task instances): the actions of the body run in order, each reported under its kind
 * (`create`, `update`, `delete`) as the keys it succeeded for and the errors it met, as
 * `services/public/common.py` and its subclasses write them. An action that fails as a whole
 * (keys that exist for `fail` on existence, missing ones for `fail` on non-existence) records
 * one error and changes nothing.
 *
 * @module
 */
import type { Context } from "../context.ts";
import { json, pythonRepr } from "../http.ts";

/** What one kind of action reports. */
export interface BulkResults {
  success: string[];
  errors: Record<string, unknown>[];
}

/** One action of a bulk body. */
export interface BulkAction {
  action: "create" | "update" | "delete";
  // deno-lint-ignore no-explicit-any
  entities: any[];
  action_on_existence?: "fail" | "skip" | "overwrite";
  action_on_non_existence?: "fail" | "skip";
  update_mask?: string[];
}

/** How each kind of action is carried out. */
export type BulkHandlers = Record<
  BulkAction["action"],
  (action: BulkAction, results: BulkResults) => void
>;

/** Runs the body's actions in order and answers with what each kind did. */
export function bulkAnswer(context: Context, handlers: BulkHandlers): Response {
  const results: Partial<Record<BulkAction["action"], BulkResults>> = {};
  for (const action of (context.body as { actions: BulkAction[] }).actions) {
    const report = results[action.action] ??= { success: [], errors: [] };
    handlers[action.action](action, report);
  }
  return json({
    create: results.create ?? null,
    delete: results.delete ?? null,
    update: results.update ?? null,
  });
}

/** Python's repr of a set of strings, as Airflow's messages show the keys they name. */
export function pythonSet(values: string[]): string {
  return `{${values.map((value) => pythonRepr(value)).join(", ")}}`;
}
