/** airflowkit as users write it, responses checked with TypeBox's compiled validators. */
import { Airflow } from "@airflowkit/client";
import type { TaskInstancePage } from "./contender.ts";

export function connect(baseUrl: string, token: string): Airflow {
  return new Airflow({ baseUrl, auth: { token } });
}

export function getDag(client: Airflow, dagId: string): Promise<{ dag_id: string }> {
  return client.dags.get(dagId);
}

export function taskInstancePage(
  client: Airflow,
  dagId: string,
  dagRunId: string,
  offset: number,
  limit: number,
): Promise<TaskInstancePage> {
  return client.taskInstances.list(dagId, dagRunId, { offset, pageSize: limit }).firstPage();
}

export function eachTaskInstance(
  client: Airflow,
  dagId: string,
  dagRunId: string,
  pageSize: number,
): AsyncIterable<unknown> {
  return client.taskInstances.list(dagId, dagRunId, { pageSize });
}
