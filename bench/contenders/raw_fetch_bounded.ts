/**
 * The floor for a client that bounds its calls: raw `fetch` and `JSON.parse`, each call under a
 * time limit (a timer and an abort signal), as airflowkit's `timeout` puts every attempt. The peers
 * set no limit unless asked. It repeats `raw_fetch.ts` beside the bound on purpose: each contender
 * is a program of its own, so the floor's code path stays as bare as it was.
 */
import { pageThrough, type TaskInstancePage } from "./contender.ts";

interface BoundedClient {
  baseUrl: string;
  headers: Record<string, string>;
  timeout: number;
}

export function connect(baseUrl: string, token: string): BoundedClient {
  return {
    baseUrl,
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    timeout: 60_000,
  };
}

async function getJson<T>(client: BoundedClient, path: string): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), client.timeout);
  try {
    const response = await fetch(`${client.baseUrl}${path}`, {
      headers: client.headers,
      signal: controller.signal,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${response.status} ${text}`);
    return JSON.parse(text);
  } finally {
    clearTimeout(timer);
  }
}

export function getDag(client: BoundedClient, dagId: string): Promise<{ dag_id: string }> {
  return getJson(client, `/api/v2/dags/${encodeURIComponent(dagId)}`);
}

export function taskInstancePage(
  client: BoundedClient,
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
  client: BoundedClient,
  dagId: string,
  dagRunId: string,
  pageSize: number,
): AsyncIterable<unknown> {
  return pageThrough((offset) => taskInstancePage(client, dagId, dagRunId, offset, pageSize));
}
