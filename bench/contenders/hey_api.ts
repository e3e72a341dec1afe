/**
 * The fetch client `@hey-api/openapi-ts` generates from the 3.2.1 spec, configured the usual way:
 * `setConfig` on the generated client that the SDK functions use. (Passing a client per call
 * does not work on Deno, whose `Request` takes a `client` option of its own.)
 */
import { client as sharedClient } from "../peers/hey-api/client.gen.ts";
import type { Client } from "../peers/hey-api/client/index.ts";
import { getDag as getDagCall, getTaskInstances } from "../peers/hey-api/sdk.gen.ts";
import { pageThrough, type TaskInstancePage } from "./contender.ts";

export function connect(baseUrl: string, token: string): Client {
  sharedClient.setConfig({ baseUrl, auth: token });
  return sharedClient;
}

export async function getDag(_client: Client, dagId: string): Promise<{ dag_id: string }> {
  const { data } = await getDagCall({ path: { dag_id: dagId }, throwOnError: true });
  return data;
}

export async function taskInstancePage(
  _client: Client,
  dagId: string,
  dagRunId: string,
  offset: number,
  limit: number,
): Promise<TaskInstancePage> {
  const { data } = await getTaskInstances({
    path: { dag_id: dagId, dag_run_id: dagRunId },
    query: { limit, offset },
    throwOnError: true,
  });
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
