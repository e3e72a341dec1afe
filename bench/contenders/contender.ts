/**
 * What every benchmark contender module exports: a way to build a client, and the three calls
 * measured, as separate functions so a bundler keeps only what a program uses.
 *
 * The contender modules are bundled by `bench/prepare.ts` from a work folder where the peers'
 * generated code and packages sit beside them; `deno check` does not see them, `tsc` checks them
 * there after generation.
 *
 * @module
 */

/** One page of task instances as the API returns it. */
export interface TaskInstancePage {
  task_instances: unknown[];
  total_entries: number;
}

/** The functions each contender module exports. */
export interface ContenderModule<Client = unknown> {
  /** Builds the contender's client for the server at `baseUrl`, sending `token` as a bearer. */
  connect(baseUrl: string, token: string): Client;
  /** `GET /api/v2/dags/{dag_id}`, parsed. */
  getDag(client: Client, dagId: string): Promise<{ dag_id: string }>;
  /** One page of a run's task instances. */
  taskInstancePage(
    client: Client,
    dagId: string,
    dagRunId: string,
    offset: number,
    limit: number,
  ): Promise<TaskInstancePage>;
  /** Every task instance of a run, a page at a time. */
  eachTaskInstance(
    client: Client,
    dagId: string,
    dagRunId: string,
    pageSize: number,
  ): AsyncIterable<unknown>;
}

/** Every item of an offset-paged list, for the contenders that have no paging of their own. */
export async function* pageThrough(
  fetchPage: (offset: number) => Promise<TaskInstancePage>,
): AsyncGenerator<unknown> {
  for (let offset = 0;;) {
    const page = await fetchPage(offset);
    yield* page.task_instances;
    offset += page.task_instances.length;
    if (page.task_instances.length === 0 || offset >= page.total_entries) return;
  }
}
