/**
 * A bounded list read through a paginator: its items up to the paginator's `maxItems`, and the
 * total the server reports.
 *
 * @module
 */
import type { Listing } from "./rows.ts";

/** The pages of a list, as `paginator.pages()` yields them. */
export interface Pages<Page> {
  pages(): AsyncIterable<Page>;
}

/**
 * Reads every page of `paginator` (bounded by its `maxItems`) and converts the items.
 *
 * @param paginator A list, with `maxItems` set.
 * @param key The page property that holds the items.
 * @param convert From an item to a row.
 */
export async function listing<Page, Row>(
  paginator: Pages<Page>,
  key: keyof Page & string,
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
