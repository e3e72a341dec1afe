/**
 * A paged list call: its filters are prepared and checked once, then each page adds only the
 * paging parameters, which the paginator writes itself. Kept apart from the core so that a
 * bundle that lists nothing carries no paginator.
 *
 * @module
 */
import type { AirflowCore } from "./client.ts";
import { AirflowError, RequestValidationError } from "./errors.ts";
import type { Operation } from "./operation.ts";
import type { RequestOptions } from "./options.ts";
import { pageOptionIssues, type PageOptions, Paginator } from "./pagination.ts";

/**
 * Calls a paged list operation lazily: nothing is sent until the result is iterated, and bad
 * arguments reject then, as every other call's do.
 */
export function paginate<Item, Page>(
  core: AirflowCore,
  operation: Operation,
  path: readonly unknown[],
  query: (object & PageOptions) | undefined,
  options?: RequestOptions,
): Paginator<Item, Page> {
  const itemsKey = operation.page?.items;
  if (!itemsKey) throw new AirflowError(`${operation.id} is not a paged operation`);
  const pageOptions: PageOptions = {};
  let send: (query: string) => Promise<unknown>;
  try {
    const filters = splitPageOptions(query, pageOptions);
    const issues = pageOptionIssues(pageOptions);
    if (issues.length > 0) throw new RequestValidationError(operation.id, issues);
    send = core.prepareCall(operation, { path, query: filters }, options);
  } catch (error) {
    return new Paginator<Item, Page>(() => Promise.reject(error), itemsKey);
  }
  return new Paginator<Item, Page>(
    (start, limit) => send(`limit=${limit}&offset=${start}`) as Promise<Page>,
    itemsKey,
    pageOptions,
    `${operation.method} ${operation.path}`,
  );
}

/**
 * The filters of a list call, without `limit` (the paginator writes it); its paging options go
 * into `paging`.
 */
function splitPageOptions(
  query: (object & PageOptions) | undefined,
  paging: PageOptions,
): Record<string, unknown> {
  const filters: Record<string, unknown> = {};
  for (const key in query) {
    if (!Object.hasOwn(query, key)) continue;
    const value = (query as Record<string, unknown>)[key];
    if (key === "pageSize" || key === "maxItems" || key === "offset") {
      paging[key] = value as number;
    } else if (key !== "limit") {
      filters[key] = value;
    }
  }
  return filters;
}
