/**
 * Explaining a 404: which of the things a tool named is missing, and what exists instead, such
 * as "DAG etl not found; similar: etl_daily".
 *
 * @module
 */
import { NotFoundError } from "@airflowkit/client";
import type { AirflowApi } from "../airflow/api.ts";
import { similarNames } from "./similar.ts";
import type { Subject } from "./tool.ts";

/** How many names are fetched to find similar ones. */
const CANDIDATES = 1000;

function names(list: readonly string[]): string {
  return list.join(", ");
}

async function missing(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return false;
  } catch (error) {
    if (error instanceof NotFoundError) return true;
    throw error;
  }
}

async function dagMissing(api: AirflowApi, dagId: string, signal: AbortSignal): Promise<string> {
  const ids = await api.dagIds(CANDIDATES, { signal });
  const similar = similarNames(dagId, ids);
  let message = similar.length
    ? `DAG ${dagId} not found; similar: ${names(similar)}.`
    : `DAG ${dagId} not found; none of the ${ids.length} DAGs has a similar id (list_dags lists them).`;
  const errors = await api.listImportErrors(3, { signal }).catch(() => undefined);
  if (errors && errors.total > 0) {
    const files = names(errors.items.map((error) => error.filename));
    message += ` ${errors.total} DAG file${errors.total === 1 ? "" : "s"} failed to import ` +
      `(${files}${errors.total > errors.items.length ? ", …" : ""}): a DAG defined in one is ` +
      "missing until its file imports; list_dags shows the errors.";
  }
  return message;
}

async function explain(
  api: AirflowApi,
  subject: Subject,
  signal: AbortSignal,
): Promise<string | undefined> {
  const call = { signal };
  switch (subject.kind) {
    case "dag":
      if (!(await missing(() => api.getDag(subject.dagId, call)))) return undefined;
      return await dagMissing(api, subject.dagId, signal);
    case "run": {
      if (!(await missing(() => api.getRun(subject.dagId, subject.runId, call)))) return undefined;
      const recent = await api.listRuns({ dagId: subject.dagId, limit: 5, signal });
      const ids = recent.items.map((run) => run.run_id);
      return `Run ${subject.runId} of DAG ${subject.dagId} not found; ` +
        (ids.length ? `its latest runs: ${names(ids)}.` : "the DAG has no runs.");
    }
    case "task": {
      const tasks = await api.listTasks(subject.dagId, subject.runId, call);
      const ids = [...new Set(tasks.map((task) => task.task_id))];
      if (ids.includes(subject.taskId)) return undefined;
      const similar = similarNames(subject.taskId, ids);
      return `Task ${subject.taskId} is not in run ${subject.runId} of DAG ${subject.dagId}; ` +
        (similar.length ? `similar: ${names(similar)}.` : `its tasks: ${names(ids.slice(0, 20))}.`);
    }
    case "variable": {
      if (!(await missing(() => api.getVariable(subject.key, call)))) return undefined;
      const similar = similarNames(subject.key, await api.variableKeys(CANDIDATES, call));
      return `Variable ${subject.key} not found` +
        (similar.length
          ? `; similar keys: ${names(similar)}.`
          : "; list_variables lists the keys.");
    }
  }
}

/**
 * What is missing among `subjects`, checked in order (the DAG before its run, the run before its
 * task), with what exists instead; `undefined` when each is there.
 */
export async function explainMissing(
  api: AirflowApi,
  subjects: readonly Subject[],
  signal: AbortSignal,
): Promise<string | undefined> {
  for (const subject of subjects) {
    const explanation = await explain(api, subject, signal);
    if (explanation) return explanation;
  }
  return undefined;
}
