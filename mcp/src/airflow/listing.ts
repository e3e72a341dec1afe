/**
 * A bounded list read through a paginator: its items up to the paginator's `maxItems`, and the
 * total the server reports.
 *
 * @module
 */
import type { Listing } from "./rows.ts";

/** A list that gives its pages, as the library's paginators do. */
export interface Pages {
  pages(): AsyncIterable<object>;
}

/**
 * Reads every page of `paginator` (bounded by its `maxItems`) and converts the items.
 *
 * @param paginator A list, with `maxItems` set.
 * @param key The page property that holds the items.
 * @param convert From an item to a row.
 */
export async function listing<Row>(
  paginator: Pages,
  key: string,
  convert: (item: never) => Row,
): Promise<Listing<Row>> {
  const items: Row[] = [];
  let total: number | undefined;
  for await (const page of paginator.pages()) {
    const fields = page as Record<string, unknown>;
    for (const item of fields[key] as never[]) items.push(convert(item));
    if (total === undefined && typeof fields.total_entries === "number") {
      total = fields.total_entries;
    }
  }
  return { items, total: Math.max(total ?? 0, items.length) };
}
