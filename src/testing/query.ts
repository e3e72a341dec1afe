/**
 * Lists the way Airflow's API filters, orders and pages them, as one mechanism driven by the
 * names of the query parameters and applied to the response objects:
 *
 * - `<field>_gte`, `_gt`, `_lte`, `_lt`: compare times or numbers;
 * - `<field>_pattern`: case-insensitive substring, with SQL `LIKE` wildcards `%` and `_`;
 * - an array: membership (or overlap, when the field is an array);
 * - any other scalar: equality.
 *
 * Parameters whose field the objects do not have are ignored.
 *
 * @module
 */
import { fail } from "./http.ts";
import { ilikeContains } from "./like.ts";

/** A response object being listed. */
export type Item = Record<string, unknown>;

/** A filter the naming rules cannot express. */
export type CustomFilter = (item: Item, value: unknown, query: Record<string, unknown>) => boolean;

/** How one list endpoint maps its parameters and order keys onto its objects. */
export interface ListSpec {
  /** Parameter (or parameter base name) to field name, or a filter of its own. */
  aliases?: Record<string, string | CustomFilter>;
  /** Parameters the handler has used itself. */
  consumed?: string[];
  /** Fields `order_by` may name besides the objects' own. */
  orderAliases?: Record<string, string>;
  /** Fields an object may be ordered by. */
  sortable: string[];
  /** Order when `order_by` is not given; also breaks ties. */
  defaultOrder: string[];
}

/** Paging limits of the server. */
export interface PageLimits {
  /** Largest page. */
  maximum: number;
  /** Page size when `limit` is not given. */
  fallback: number;
}

const NOT_FILTERS = new Set(["limit", "offset", "order_by"]);
const COMMON_ALIASES: Record<string, string> = {
  dag_ids: "dag_id",
  task_ids: "task_id",
  run_id: "dag_run_id",
  paused: "is_paused",
};

/** Filters, orders and pages `items` by `query`; `total` counts the filtered items. */
export function listItems<T extends Item>(
  items: T[],
  query: Record<string, unknown>,
  spec: ListSpec,
  limits: PageLimits,
): { items: T[]; total: number } {
  const filters = Object.entries(query).flatMap(([name, value]) => {
    if (value === undefined || value === null || NOT_FILTERS.has(name)) return [];
    if (spec.consumed?.includes(name)) return [];
    const filter = filterFor(name, value, { ...COMMON_ALIASES, ...spec.aliases }, query);
    return filter ? [filter] : [];
  });
  const kept = items.filter((item) => filters.every((filter) => filter(item)));
  const sorted = orderItems(kept, query.order_by, spec);
  const limit = Math.min(numberOr(query.limit, limits.fallback), limits.maximum);
  const offset = numberOr(query.offset, 0);
  return { items: sorted.slice(offset, offset + limit), total: kept.length };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

type Filter = (item: Item) => boolean;

function filterFor(
  name: string,
  value: unknown,
  aliases: Record<string, string | CustomFilter>,
  query: Record<string, unknown>,
): Filter | undefined {
  const own = aliases[name];
  if (typeof own === "function") return (item) => own(item, value, query);
  if (typeof own === "string") return fieldFilter(own, value, "eq");
  const range = /^(.+)_(gte|gt|lte|lt)$/.exec(name);
  if (range) return fieldFilter(fieldName(range[1], aliases), value, range[2] as Op);
  const pattern = /^(.+)_pattern$/.exec(name);
  if (pattern) return fieldFilter(fieldName(pattern[1], aliases), value, "like");
  return fieldFilter(name, value, "eq");
}

function fieldName(base: string, aliases: Record<string, string | CustomFilter>): string {
  const alias = aliases[base];
  return typeof alias === "string" ? alias : base;
}

type Op = "eq" | "like" | "gte" | "gt" | "lte" | "lt";

function fieldFilter(field: string, value: unknown, op: Op): Filter {
  if (op === "like") {
    const pattern = String(value);
    return (item) => !(field in item) || ilikeContains(pattern, String(item[field] ?? ""));
  }
  if (op !== "eq") {
    return (item) => {
      if (!(field in item)) return true;
      const order = compareValues(item[field], value);
      if (order === undefined) return false;
      return op === "gte"
        ? order >= 0
        : op === "gt"
        ? order > 0
        : op === "lte"
        ? order <= 0
        : order < 0;
    };
  }
  const wanted = Array.isArray(value) ? value : [value];
  return (item) => {
    if (!(field in item)) return true;
    const actual = item[field];
    const values = Array.isArray(actual) ? actual : [actual];
    return values.some((one) => wanted.some((want) => sameValue(one, want)));
  };
}

function sameValue(actual: unknown, wanted: unknown): boolean {
  return actual === wanted || (actual !== null && String(actual) === String(wanted));
}

function compareValues(actual: unknown, wanted: unknown): number | undefined {
  if (actual === null || actual === undefined) return undefined;
  if (typeof actual === "number") {
    const other = Number(wanted);
    return Number.isNaN(other) ? undefined : actual - other;
  }
  const left = Date.parse(String(actual));
  const right = Date.parse(String(wanted));
  if (!Number.isNaN(left) && !Number.isNaN(right)) return left - right;
  return String(actual).localeCompare(String(wanted));
}

function orderItems<T extends Item>(items: T[], orderBy: unknown, spec: ListSpec): T[] {
  const requested = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  const keys = [...requested.map(String), ...spec.defaultOrder].map((key) => {
    const descending = key.startsWith("-");
    const name = descending ? key.slice(1) : key;
    const field = spec.orderAliases?.[name] ?? name;
    if (!spec.sortable.includes(field)) {
      fail(
        400,
        `Ordering with '${name}' is disallowed or the attribute does not exist on the model`,
      );
    }
    return { field, descending };
  });
  return [...items].sort((a, b) => {
    for (const { field, descending } of keys) {
      const order = sortOrder(a[field], b[field]);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}

function sortOrder(a: unknown, b: unknown): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const left = typeof a === "object" ? JSON.stringify(a) : String(a);
  const right = typeof b === "object" ? JSON.stringify(b) : String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The property names of the items of a collection response schema. */
export function itemFields(collection: unknown, itemsKey: string): string[] {
  const node = collection as {
    properties?: Record<string, { items?: { properties?: Record<string, unknown> } }>;
  };
  return Object.keys(node.properties?.[itemsKey]?.items?.properties ?? {});
}
