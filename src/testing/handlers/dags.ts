/**
 * Handlers of DAGs, their tasks, tags, versions and sources.
 *
 * @module
 */
import { type Context, type Handlers, listAnswer, param } from "../context.ts";
import { fail, json, noContent } from "../http.ts";
import { type Item, itemFields, listItems, type ListSpec } from "../query.ts";
import { dagDetails, dagResponse, dagVersion, taskResponse } from "../dag_serializers.ts";

function dagItems(context: Context): Item[] {
  return [...context.store.dags.values()]
    .sort((a, b) => a.dag_id.localeCompare(b.dag_id))
    .map((dag) => dagResponse(dag, context.store));
}

function tagFilter(item: Item, value: unknown, query: Record<string, unknown>): boolean {
  const wanted = (Array.isArray(value) ? value : [value]).map(String);
  const names = (item.tags as { name: string }[]).map((tag) => tag.name);
  return query.tags_match_mode === "all"
    ? wanted.every((name) => names.includes(name))
    : wanted.some((name) => names.includes(name));
}

function activeRuns(context: Context, dagId: string): number {
  return context.store.runs.filter((run) =>
    run.dag_id === dagId &&
    ["queued", "running"].includes(context.store.view(run, context.now).state)
  ).length;
}

function lastRunState(context: Context, dagId: string): string | undefined {
  const runs = context.store.runs.filter((run) => run.dag_id === dagId);
  const last = runs.reduce<typeof runs[number] | undefined>(
    (latest, run) => (!latest || run.run_after >= latest.run_after ? run : latest),
    undefined,
  );
  return last && context.store.view(last, context.now).state;
}

/** How the DAG lists (`GET /dags`, `PATCH /dags`) map their filters onto DAGs. */
export function dagFilters(context: Context): { aliases: ListSpec["aliases"]; consumed: string[] } {
  return {
    aliases: {
      tags: tagFilter,
      last_dag_run_state: (item, value) => lastRunState(context, String(item.dag_id)) === value,
      is_favorite: (item, value) =>
        context.store.favorites.has(
          context.store.favoriteKey(context.user?.username, String(item.dag_id)),
        ) ===
          value,
    },
    consumed: ["tags_match_mode", "exclude_stale", "update_mask"],
  };
}

/** DAG endpoints. */
export const dagHandlers: Handlers = {
  get_dags: (context) =>
    listAnswer(context, dagItems(context), { ...dagFilters(context), defaultOrder: ["dag_id"] }),
  get_dag: (context) =>
    json(dagResponse(context.store.dag(param(context, "dag_id")), context.store)),
  get_dag_details: (context) => {
    const dag = context.store.dag(param(context, "dag_id"));
    const favorite = context.store.favorites.has(
      context.store.favoriteKey(context.user?.username, dag.dag_id),
    );
    return json(dagDetails(dag, context.store, activeRuns(context, dag.dag_id), favorite));
  },
  patch_dag: (context) => {
    const dag = context.store.dag(param(context, "dag_id"));
    const mask = context.query.update_mask as string[] | undefined;
    if (mask && (mask.length !== 1 || mask[0] !== "is_paused")) {
      fail(400, "Only `is_paused` field can be updated through the REST API");
    }
    const wasPaused = dag.is_paused;
    dag.is_paused = context.body.is_paused;
    if (wasPaused && !dag.is_paused) context.store.release(dag.dag_id, context.now);
    return json(dagResponse(dag, context.store));
  },
  delete_dag: (context) => {
    const dag = context.store.dag(param(context, "dag_id"));
    context.store.dags.delete(dag.dag_id);
    context.store.runs = context.store.runs.filter((run) => run.dag_id !== dag.dag_id);
    return noContent();
  },
  get_tasks: (context) => {
    const dag = context.store.dag(param(context, "dag_id"));
    const tasks = dag.tasks.map((task, index) => taskResponse(dag, task, index));
    const fields = itemFields(context.operation.response, "tasks");
    const { items } = listItems(tasks, { order_by: context.query.order_by ?? "task_id" }, {
      sortable: fields,
      defaultOrder: [],
    }, { maximum: Infinity, fallback: Infinity });
    return json({ tasks: items, total_entries: items.length });
  },
  get_task: (context) => {
    const dag = context.store.dag(param(context, "dag_id"));
    const taskId = param(context, "task_id");
    const index = dag.tasks.findIndex((task) => task.task_id === taskId);
    if (index < 0) fail(404, `Task with id ${taskId} not found`);
    return json(taskResponse(dag, dag.tasks[index], index));
  },
  get_dag_tags: (context) => {
    const names = [...new Set([...context.store.dags.values()].flatMap((dag) => dag.tags))];
    const items = names.sort().map((name) => ({ name }));
    const { tag_name_pattern, ...rest } = context.query;
    const { items: page, total } = listItems(
      items,
      { ...rest, ...(tag_name_pattern ? { name_pattern: tag_name_pattern } : {}) },
      { sortable: ["name"], orderAliases: {}, defaultOrder: ["name"] },
      { maximum: context.settings.maximumPageLimit, fallback: 50 },
    );
    return json({ tags: page.map((item) => item.name), total_entries: total });
  },
  get_dag_versions: (context) => {
    const dag = context.store.dag(param(context, "dag_id"));
    return listAnswer(context, [dagVersion(dag)], { defaultOrder: ["version_number"] });
  },
  get_dag_version: (context) => {
    const dag = context.store.dag(param(context, "dag_id"));
    if (context.params.version_number !== 1) {
      fail(
        404,
        `The DagVersion with dag_id: \`${dag.dag_id}\` and version_number: \`${context.params.version_number}\` was not found`,
      );
    }
    return json(dagVersion(dag));
  },
  get_dag_source: (context) => {
    const dag = context.store.dag(param(context, "dag_id"));
    const tasks = dag.tasks.map((task) =>
      `    PythonOperator(task_id=${JSON.stringify(task.task_id)}, python_callable=run)`
    );
    const content = [
      "from airflow.sdk import DAG",
      "from airflow.providers.standard.operators.python import PythonOperator",
      "",
      `with DAG(${JSON.stringify(dag.dag_id)}, schedule=None, tags=${JSON.stringify(dag.tags)}):`,
      ...(tasks.length ? tasks : ["    pass"]),
      "",
    ].join("\n");
    return json({ content, dag_display_name: dag.dag_id, dag_id: dag.dag_id, version_number: 1 });
  },
};
