/**
 * Offset pagination as an async iterable: `for await` gives items, {@link Paginator.pages}
 * gives whole pages with `total_entries`.
 *
 * @module
 */
import { type FieldIssue, ResponseValidationError } from "./errors.ts";
import { describeValue } from "./wire.ts";

/** Paging options of a list call, beside the operation's own filters. */
export interface PageOptions {
  /** Items asked for per request. The server caps it at its `maximum_page_limit`. Default 100. */
  pageSize?: number;
  /** Stop after this many items in all. Default: no cap. */
  maxItems?: number;
  /** Skip this many items first. Default 0. */
  offset?: number;
}

/** The largest paging option: what the server's integers hold, and far beyond any real list. */
const MAX_PAGE_NUMBER = 2_147_483_647;

/** Problems with paging options: each, if given, a whole number (`pageSize` at least 1). */
export function pageOptionIssues(options: PageOptions): FieldIssue[] {
  const issues: FieldIssue[] = [];
  checkPageOption(issues, "pageSize", options.pageSize, 1);
  checkPageOption(issues, "maxItems", options.maxItems, 0);
  checkPageOption(issues, "offset", options.offset, 0);
  return issues;
}

function checkPageOption(issues: FieldIssue[], key: string, value: unknown, minimum: number) {
  if (
    value === undefined ||
    (Number.isInteger(value) && (value as number) >= minimum &&
      (value as number) <= MAX_PAGE_NUMBER)
  ) {
    return;
  }
  issues.push({
    path: `query.${key}`,
    message: `must be an integer from ${minimum} to ${MAX_PAGE_NUMBER}, got ${
      describeValue(value)
    }`,
  });
}

/** Fetches the page that starts at `offset` with at most `limit` items. */
export type PageFetcher<Page> = (offset: number, limit: number) => Promise<Page>;

const DEFAULT_PAGE_SIZE = 100;
/** Pages whose ends are remembered, to find a server that answers them again. */
const PAGES_REMEMBERED = 32;

/**
 * What tells an item from the others: its identifying fields (`id`, `*_id`, `key`, `name`,
 * `uri`, `map_index`, `try_number`) where it has some, so that a field that changes on every
 * answer (a time) does not hide a page answered again; else the whole item.
 */
function identity(item: unknown): string {
  if (item === null || typeof item !== "object") return JSON.stringify(item) ?? "";
  const ids = Object.entries(item).filter(([key]) => IDENTIFYING.test(key));
  return JSON.stringify(ids.length > 0 ? ids : item) ?? "";
}

const IDENTIFYING = /^(id|key|name|uri|map_index|try_number)$|_id$/;

/**
 * The items of an offset-paged list, fetched a page at a time as they are consumed. Requests
 * stop at `total_entries`, at an empty page, or at `maxItems`.
 *
 * @example
 * ```ts
 * import { Airflow } from "@airflowkit/client";
 *
 * const airflow = new Airflow({ baseUrl: "http://localhost:8080", auth: { token: "t" } });
 * for await (const run of airflow.dagRuns.list("~", { state: ["failed"], maxItems: 500 })) {
 *   console.log(run.dag_id, run.dag_run_id);
 * }
 * for await (const page of airflow.dags.list().pages()) console.log(page.total_entries);
 * ```
 */
export class Paginator<Item, Page> implements AsyncIterable<Item> {
  readonly #fetchPage: PageFetcher<Page>;
  readonly #itemsKey: string;
  readonly #pageSize: number;
  readonly #maxItems: number;
  readonly #start: number;
  readonly #route: string;

  /**
   * Creates a paginator; list methods do this for you.
   *
   * @param fetchPage Fetches one page.
   * @param itemsKey The page property that holds the items.
   * @param options Page size, cap and start.
   * @param route The list, for messages, such as `GET /api/v2/dags`.
   */
  constructor(
    fetchPage: PageFetcher<Page>,
    itemsKey: string,
    options: PageOptions = {},
    route = "the list",
  ) {
    this.#route = route;
    this.#fetchPage = fetchPage;
    this.#itemsKey = itemsKey;
    this.#pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.#maxItems = options.maxItems ?? Infinity;
    this.#start = options.offset ?? 0;
  }

  /**
   * Yields each page as the server sent it; the last one is trimmed to `maxItems`. A server that
   * answers a page it has already sent (it ignores `offset`) fails the iteration with a
   * `ResponseValidationError` instead of being asked for pages without end.
   */
  async *pages(): AsyncGenerator<Page, void, undefined> {
    let offset = this.#start;
    let remaining = this.#maxItems;
    const seen: string[] = [];
    while (remaining > 0) {
      const page = await this.#fetchPage(offset, Math.min(this.#pageSize, remaining));
      const items = (page as Record<string, unknown>)[this.#itemsKey];
      if (!Array.isArray(items) || items.length === 0) return;
      const ends = `${items.length} ${identity(items[0])} ${identity(items[items.length - 1])}`;
      if (seen.includes(ends)) {
        throw new ResponseValidationError("GET", `${this.#route} (offset ${offset})`, [{
          path: this.#itemsKey,
          message: "the server sent the previous page again: it ignores offset, so paging stops",
        }], undefined);
      }
      seen.push(ends);
      if (seen.length > PAGES_REMEMBERED) seen.shift();
      const kept = items.length > remaining ? items.slice(0, remaining) : items;
      yield kept === items ? page : { ...page, [this.#itemsKey]: kept };
      offset += items.length;
      remaining -= kept.length;
      const total = (page as { total_entries?: unknown }).total_entries;
      if (typeof total === "number" && offset >= total) return;
    }
  }

  /** Yields every item, fetching the next page only when the current one is used up. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) {
      yield* (page as Record<string, unknown>)[this.#itemsKey] as Item[];
    }
  }

  /** Fetches only the first page. */
  async firstPage(): Promise<Page> {
    return await this.#fetchPage(this.#start, Math.min(this.#pageSize, this.#maxItems));
  }

  /** Collects every item into an array. Mind `maxItems` on large lists. */
  async toArray(): Promise<Item[]> {
    const items: Item[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}
