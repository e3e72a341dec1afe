/**
 * What Airflow keeps about DAGs beside their definitions: pausing many at once, favourites
 * (3.1+), reparse requests, run counts by state, warnings (a task in a pool that does not
 * exist), the DAG processor's report of a folder (3.0 only) and import errors.
 *
 * @module
 */
import { type Context, type Handlers, listAnswer, param } from "../context.ts";
import { fromBase64url } from "../../core/base64url.ts";
import { fail, iso, json, noContent, pythonRepr, uniqueViolation } from "../http.ts";
import { listItems } from "../query.ts";
import { dagResponse, DAGS_FOLDER, fileOf } from "../dag_serializers.ts";
import type { ImportErrorRecord } from "../records.ts";
import type { DagRecord } from "../store.ts";
import { dagFilters } from "./dags.ts";

const RUN_STATES = ["queued", "running", "success", "failed"];

function favoriteDag(context: Context): string {
  const dagId = param(context, "dag_id");
  if (!context.store.dags.has(dagId)) fail(404, `DAG with id '${dagId}' not found`);
  return dagId;
}

function favoriteKey(context: Context, dagId: string): string {
  return context.store.favoriteKey(context.user?.username, dagId);
}

/** The pools a DAG's tasks name that do not exist. */
function missingPools(context: Context, dag: DagRecord): string[] {
  return [...new Set(dag.tasks.map((task) => task.pool))]
    .filter((pool) => !context.store.pools.has(pool)).sort();
}

/** DAG extras. */
export const dagExtraHandlers: Handlers = {
  patch_dags: (context) => {
    const mask = context.query.update_mask as string[] | undefined;
    if (mask && (mask.length !== 1 || mask[0] !== "is_paused")) {
      fail(400, "Only `is_paused` field can be updated through the REST API");
    }
    const items = [...context.store.dags.values()].sort((a, b) => a.dag_id.localeCompare(b.dag_id))
      .map((dag) => dagResponse(dag, context.store));
    const page = listItems(items, context.query, {
      ...dagFilters(context),
      sortable: ["dag_id"],
      defaultOrder: ["dag_id"],
    }, { maximum: context.settings.maximumPageLimit, fallback: 50 });
    const dags = page.items.map((item) => {
      const dag = context.store.dag(String(item.dag_id));
      const wasPaused = dag.is_paused;
      dag.is_paused = context.body.is_paused;
      if (wasPaused && !dag.is_paused) context.store.release(dag.dag_id, context.now);
      return dagResponse(dag, context.store);
    });
    return json({ dags, total_entries: page.total });
  },
  favorite_dag: (context) => {
    const key = favoriteKey(context, favoriteDag(context));
    // A second favourite breaks the table's unique key, as in Airflow.
    if (context.store.favorites.has(key)) fail(409, uniqueViolation());
    context.store.favorites.add(key);
    return noContent();
  },
  unfavorite_dag: (context) => {
    const key = favoriteKey(context, favoriteDag(context));
    if (!context.store.favorites.delete(key)) fail(409, "DAG is not marked as favorite");
    return noContent();
  },
  reparse_dag_file: (context) => {
    let path: string;
    try {
      path = fromBase64url(param(context, "file_token"));
    } catch {
      fail(404, "File not found");
    }
    const dags = [...context.store.dags.values()].filter((dag) => fileOf(dag) === path);
    if (dags.length === 0) fail(404, "File not found");
    for (const dag of dags) dag.parsedAt = context.now;
    return json(null, 201);
  },
  get_dag_stats: (context) => {
    const wanted = context.query.dag_ids as string[] | undefined;
    const dagIds = [...new Set(context.store.runs.map((run) => run.dag_id))]
      .filter((dagId) => !wanted || wanted.includes(dagId));
    const dags = dagIds.map((dagId) => {
      const states = context.store.runs.filter((run) => run.dag_id === dagId)
        .map((run) => context.store.view(run, context.now).state);
      return {
        dag_display_name: dagId,
        dag_id: dagId,
        stats: RUN_STATES.map((state) => ({
          count: states.filter((candidate) => candidate === state).length,
          state,
        })),
      };
    });
    return json({ dags, total_entries: dags.length });
  },
  list_dag_warnings: (context) => {
    const warnings = [...context.store.dags.values()].flatMap((dag) => {
      const missing = missingPools(context, dag);
      return missing.length === 0 ? [] : [{
        dag_display_name: dag.dag_id,
        dag_id: dag.dag_id,
        message: `Dag '${dag.dag_id}' references non-existent pools: ${pythonRepr(missing)}`,
        timestamp: iso(dag.parsedAt),
        warning_type: "non-existent pool",
      }];
    });
    return listAnswer(context, warnings, { defaultOrder: ["dag_id"] });
  },
  get_dag_reports: (context) => {
    const subdir = normalize(String(context.query.subdir));
    if (!subdir.startsWith(DAGS_FOLDER)) {
      fail(400, "subdir should be subpath of DAGS_FOLDER settings");
    }
    const reports = [...context.store.dags.values()]
      .filter((dag) => fileOf(dag) === subdir || fileOf(dag).startsWith(`${subdir}/`))
      .sort((a, b) => a.dag_id.localeCompare(b.dag_id))
      .map((dag) => ({
        dag_num: 1,
        dags: pythonRepr([dag.dag_id]),
        duration: "PT0.042S",
        file: fileOf(dag).slice(DAGS_FOLDER.length),
        task_num: dag.tasks.length,
        warning_num: missingPools(context, dag).length > 0 ? 1 : 0,
      }));
    return json({ dag_reports: reports, total_entries: reports.length });
  },
  get_import_errors: (context) =>
    listAnswer(context, context.store.importErrors.map(importErrorResponse), {
      orderAliases: { id: "import_error_id" },
      defaultOrder: ["import_error_id"],
    }),
  get_import_error: (context) => {
    const id = context.params.import_error_id as number;
    const error = context.store.importErrors.find((candidate) => candidate.id === id);
    if (!error) fail(404, `The ImportError with import_error_id: \`${id}\` was not found`);
    return json(importErrorResponse(error));
  },
};

/** `ImportErrorResponse`. */
function importErrorResponse(error: ImportErrorRecord): Record<string, unknown> {
  return {
    bundle_name: "dags-folder",
    filename: error.filename,
    import_error_id: error.id,
    stack_trace: error.stackTrace,
    timestamp: iso(error.timestamp),
  };
}

/** A path with `.` and `..` segments resolved and no trailing slash, as `os.path.normpath`. */
function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `${path.startsWith("/") ? "/" : ""}${parts.join("/")}`;
}
