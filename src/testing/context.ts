/**
 * What a handler receives, and the list answer every paged endpoint shares.
 *
 * @module
 */
import type { Operation } from "../core/operation.ts";
import type { TokenService } from "./auth.ts";
import type { FakeClock } from "./clock.ts";
import { fail, json } from "./http.ts";
import { type Item, itemFields, listItems, type ListSpec } from "./query.ts";
import { isNewer } from "./request.ts";
import type { FakeUser } from "./seed.ts";
import type { RunRecord, RunView, Store, TaskView } from "./store.ts";

/**
 * Airflow versions the fake can pretend to be: Airflow 3 releases serve `/api/v2`, Airflow 2.10
 * serves `/api/v1` (and nothing under `/api/v2`).
 */
export type FakeVersion = "3.0.2" | "3.1.8" | "3.2.1" | "2.10.0";

/** Server settings handlers need. */
export interface Settings {
  version: FakeVersion;
  maximumPageLimit: number;
  /** URL of task logs in another service, with `{log_id}`; unset, Airflow has no such view. */
  externalLogUrl?: string;
}

/** One request, read and checked. */
export interface Context {
  request: Request;
  operation: Operation;
  params: Record<string, string | number>;
  query: Record<string, unknown>;
  // deno-lint-ignore no-explicit-any
  body: any;
  user?: FakeUser;
  store: Store;
  clock: FakeClock;
  now: number;
  settings: Settings;
  tokens: TokenService;
}

/** Answers one operation. */
export type Handler = (context: Context) => Response | Promise<Response>;

/** Handlers by operation id. */
export type Handlers = Record<string, Handler>;

/** Whether the version the fake plays is `minor` (`3.2`) or later. */
export function versionAtLeast(context: Context, minor: string): boolean {
  return !isNewer(minor, context.settings.version);
}

/** A string path parameter. */
export function param(context: Context, name: string): string {
  return String(context.params[name]);
}

/** Filters, orders and pages `items` into the operation's collection answer. */
export function listAnswer(
  context: Context,
  items: Item[],
  spec: Omit<ListSpec, "sortable"> & { sortable?: string[] },
): Response {
  const key = context.operation.page?.items ?? "items";
  const sortable = spec.sortable ?? itemFields(context.operation.response, key);
  const page = listItems(items, context.query, { ...spec, sortable }, {
    maximum: context.settings.maximumPageLimit,
    fallback: 50,
  });
  const entries: [string, unknown][] = [[key, page.items], ["total_entries", page.total]];
  return json(Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b))));
}

/** The runs a path names: one, or every run of the DAG(s) for `~`. */
export function selectRuns(context: Context): RunRecord[] {
  const dagId = param(context, "dag_id");
  const runId = context.params.dag_run_id === undefined ? "~" : param(context, "dag_run_id");
  if (dagId !== "~") context.store.dag(dagId);
  if (dagId !== "~" && runId !== "~") return [context.store.run(dagId, runId)];
  return sortRuns(
    context.store.runs.filter((run) =>
      (dagId === "~" || run.dag_id === dagId) && (runId === "~" || run.run_id === runId)
    ),
  );
}

/** Runs in the default order: run_after, then run id. */
export function sortRuns(runs: RunRecord[]): RunRecord[] {
  return [...runs].sort((a, b) => a.run_after - b.run_after || a.run_id.localeCompare(b.run_id));
}

/** A task instance in a run at the current time. */
export interface TaskInstanceRef {
  run: RunRecord;
  view: RunView;
  task: TaskView;
}

/** The task instance a path (and its `map_index` query parameter) names, or a 404. */
export function findTaskInstance(context: Context): TaskInstanceRef {
  const dagId = param(context, "dag_id");
  const runId = param(context, "dag_run_id");
  const taskId = param(context, "task_id");
  const mapIndex = Number(context.params.map_index ?? context.query.map_index ?? -1);
  const run = context.store.run(dagId, runId);
  const view = context.store.view(run, context.now);
  const task = view.tasks.find((candidate) =>
    candidate.task.task_id === taskId && candidate.mapIndex === mapIndex
  );
  if (!task) {
    fail(
      404,
      `The Task Instance with dag_id: \`${dagId}\`, run_id: \`${runId}\`, task_id: \`${taskId}\` and map_index: \`${mapIndex}\` was not found`,
    );
  }
  return { run, view, task };
}

/** The task instances of one task in a run: every map index of a mapped one. */
export function taskInstancesOf(context: Context): { run: RunRecord; tasks: TaskView[] } {
  const dagId = param(context, "dag_id");
  const runId = param(context, "dag_run_id");
  const taskId = param(context, "task_id");
  const run = context.store.run(dagId, runId);
  const tasks = context.store.view(run, context.now).tasks.filter((task) =>
    task.task.task_id === taskId
  );
  return { run, tasks };
}
