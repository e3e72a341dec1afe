/** `openapi-fetch`, typed by `openapi-typescript` output generated from the 3.2.1 spec. */
import createClient from "openapi-fetch";
import type { paths } from "../peers/openapi-typescript/schema.d.ts";
import { pageThrough, type TaskInstancePage } from "./contender.ts";

type Client = ReturnType<typeof createClient<paths>>;

export function connect(baseUrl: string, token: string): Client {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
}

export async function getDag(client: Client, dagId: string): Promise<{ dag_id: string }> {
  const { data, error } = await client.GET("/api/v2/dags/{dag_id}", {
    params: { path: { dag_id: dagId } },
  });
  if (error || !data) throw new Error(JSON.stringify(error));
  return data;
}

export async function taskInstancePage(
  client: Client,
  dagId: string,
  dagRunId: string,
  offset: number,
  limit: number,
): Promise<TaskInstancePage> {
  const { data, error } = await client.GET(
    "/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances",
    { params: { path: { dag_id: dagId, dag_run_id: dagRunId }, query: { limit, offset } } },
  );
  if (error || !data) throw new Error(JSON.stringify(error));
  return data;
}

export function eachTaskInstance(
  client: Client,
  dagId: string,
  dagRunId: string,
  pageSize: number,
): AsyncIterable<unknown> {
  return pageThrough((offset) => taskInstancePage(client, dagId, dagRunId, offset, pageSize));
}
