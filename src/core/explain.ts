/**
 * Why a value does not match a schema: a walk over the schema that lists each mismatch with its
 * dotted path, in TypeBox's words. It runs only once a compiled check has said no, so it can
 * afford to be a plain interpreter; it knows the keywords the generator writes.
 *
 * @module
 */
import type { FieldIssue } from "./errors.ts";
import type { JsonSchema } from "./operation.ts";

type Node = Record<string, unknown>;

const TYPES: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === "string",
  number: (value) => Number.isFinite(value),
  integer: (value) => Number.isInteger(value),
  boolean: (value) => typeof value === "boolean",
  null: (value) => value === null,
  object: isPlainObject,
  array: Array.isArray,
};

const BOUNDS: [string, string, (value: number, limit: number) => boolean][] = [
  ["minimum", ">=", (value, limit) => value >= limit],
  ["maximum", "<=", (value, limit) => value <= limit],
  ["exclusiveMinimum", ">", (value, limit) => value > limit],
  ["exclusiveMaximum", "<", (value, limit) => value < limit],
];

/** Each mismatch between `value` and `schema`, with paths under `path`; none when it matches. */
export function explain(schema: JsonSchema, value: unknown, path: string[] = []): FieldIssue[] {
  const issues: FieldIssue[] = [];
  walk(schema as Node, value, path, issues);
  return issues;
}

function walk(node: Node | boolean, value: unknown, path: string[], issues: FieldIssue[]): void {
  if (node === true) return;
  const report = (keyword: string, message: string, at = path) =>
    issues.push({ path: at.join("."), message, type: keyword });
  if (node === false) return void report("boolean", "schema is false");
  if (node.type !== undefined) {
    const types = (Array.isArray(node.type) ? node.type : [node.type]) as string[];
    if (!types.some((type) => TYPES[type]?.(value))) {
      return void report(
        "type",
        types.length === 1 ? `must be ${types[0]}` : `must be either ${types.join(" or ")}`,
      );
    }
  }
  if ("const" in node && value !== node.const) report("const", "must be equal to constant");
  if (Array.isArray(node.anyOf)) {
    const branches = node.anyOf.map((member) => explain(member as Node, value, path));
    if (branches.every((branch) => branch.length > 0)) {
      issues.push(...branches.flat());
      report("anyOf", "must match a schema in anyOf");
    }
  }
  if (isPlainObject(value)) walkObject(node, value, path, issues, report);
  if (Array.isArray(value)) walkArray(node, value, path, issues, report);
  if (typeof value === "string") {
    const length = [...value].length;
    if (typeof node.minLength === "number" && length < node.minLength) {
      report("minLength", `must not have fewer than ${node.minLength} characters`);
    }
    if (typeof node.maxLength === "number" && length > node.maxLength) {
      report("maxLength", `must not have more than ${node.maxLength} characters`);
    }
  }
  if (typeof value === "number") {
    for (const [keyword, comparison, holds] of BOUNDS) {
      const limit = node[keyword];
      if (typeof limit === "number" && !holds(value, limit)) {
        report(keyword, `must be ${comparison} ${limit}`);
      }
    }
  }
}

type Report = (keyword: string, message: string, at?: string[]) => void;

function walkObject(
  node: Node,
  value: Record<string, unknown>,
  path: string[],
  issues: FieldIssue[],
  report: Report,
): void {
  const properties = (node.properties ?? {}) as Record<string, Node>;
  const required = (node.required ?? []) as string[];
  const missing = required.filter((key) => !(key in value));
  if (missing.length > 0) report("required", `must have required properties ${missing.join(", ")}`);
  for (const [key, schema] of Object.entries(properties)) {
    const field = value[key];
    if (!(key in value) || (field === undefined && !required.includes(key))) continue;
    walk(schema, field, [...path, key], issues);
  }
  const extra = node.additionalProperties as Node | boolean | undefined;
  if (extra === undefined || extra === true) return;
  for (const key of Object.getOwnPropertyNames(value)) {
    if (Object.hasOwn(properties, key)) continue;
    if (extra === false) {
      report("additionalProperties", "must not have additional properties", [...path, key]);
    } else walk(extra, value[key], [...path, key], issues);
  }
}

function walkArray(
  node: Node,
  value: unknown[],
  path: string[],
  issues: FieldIssue[],
  report: Report,
): void {
  if (typeof node.minItems === "number" && value.length < node.minItems) {
    report("minItems", `must not have fewer than ${node.minItems} items`);
  }
  if (typeof node.maxItems === "number" && value.length > node.maxItems) {
    report("maxItems", `must not have more than ${node.maxItems} items`);
  }
  const items = node.items as Node | Node[] | undefined;
  if (Array.isArray(items)) {
    if (node.additionalItems === false && value.length > items.length) {
      report("additionalItems", `must not have more than ${items.length} items`);
    }
    items.forEach((item, index) => {
      if (index < value.length) walk(item, value[index], [...path, String(index)], issues);
    });
  } else if (items !== undefined) {
    value.forEach((item, index) => walk(items, item, [...path, String(index)], issues));
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
