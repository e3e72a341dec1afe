/** The floor: `fetch` and `JSON.parse`, with nothing checked. */
import { pageThrough, type TaskInstancePage } from "./contender.ts";

interface RawClient {
  baseUrl: string;
  headers: Record<string, string>;
}

export function connect(baseUrl: string, token: string): RawClient {
  return { baseUrl, headers: { authorization: `Bearer ${token}`, accept: "application/json" } };
}

async function getJson<T>(client: RawClient, path: string): Promise<T> {
  const response = await fetch(`${client.baseUrl}${path}`, { headers: client.headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${text}`);
  return JSON.parse(text);
}

export function getDag(client: RawClient, dagId: string): Promise<{ dag_id: string }> {
  return getJson(client, `/api/v2/dags/${encodeURIComponent(dagId)}`);
}

export function taskInstancePage(
  client: RawClient,
  dagId: string,
  dagRunId: string,
  offset: number,
  limit: number,
): Promise<TaskInstancePage> {
  return getJson(
    client,
    `/api/v2/dags/${encodeURIComponent(dagId)}/dagRuns/${
      encodeURIComponent(dagRunId)
    }/taskInstances?limit=${limit}&offset=${offset}`,
  );
}

export function eachTaskInstance(
  client: RawClient,
  dagId: string,
  dagRunId: string,
  pageSize: number,
): AsyncIterable<unknown> {
  return pageThrough((offset) => taskInstancePage(client, dagId, dagRunId, offset, pageSize));
}
