/**
 * Schema checks without code evaluation, for runtimes that forbid `new Function` (Cloudflare
 * Workers, pages with a strict Content Security Policy). There TypeBox walks the schema on every
 * check, which costs milliseconds for a page of task instances; this module walks it once and
 * builds a tree of small closures that check at a fraction of that cost.
 *
 * It covers the JSON Schema keywords the generator writes and checks them as TypeBox does. A
 * schema node with any other keyword is handed to `fallback`, so nothing is ever checked less
 * strictly. It answers only yes or no: the messages for a failed check come from TypeBox.
 *
 * @module
 */
import type { JsonSchema } from "./operation.ts";

/** A compiled yes-or-no check. */
export type Predicate = (value: unknown) => boolean;

type Node = Record<string, unknown>;

const KNOWN = new Set([
  "type",
  "const",
  "anyOf",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "additionalItems",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
]);

const NUMERIC = [
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
];

const TYPES: Record<string, Predicate> = {
  string: (value) => typeof value === "string",
  number: (value) => Number.isFinite(value),
  integer: (value) => Number.isInteger(value),
  boolean: (value) => typeof value === "boolean",
  null: (value) => value === null,
  object: isPlainObject,
  array: Array.isArray,
};

/**
 * Builds the check for `schema`. Shared sub-schemas are compiled once; nodes this module does not
 * cover are checked by `fallback(node)`.
 */
export function compilePredicate(
  schema: JsonSchema,
  fallback: (node: JsonSchema) => Predicate,
): Predicate {
  const compiled = new Map<unknown, Predicate>();
  const compile = (node: unknown): Predicate => {
    let predicate = compiled.get(node);
    if (!predicate) {
      predicate = compileNode(node, compile, fallback);
      compiled.set(node, predicate);
    }
    return predicate;
  };
  return compile(schema);
}

function compileNode(
  node: unknown,
  compile: (node: unknown) => Predicate,
  fallback: (node: JsonSchema) => Predicate,
): Predicate {
  if (node === true) return () => true;
  if (node === false) return () => false;
  if (!isPlainObject(node)) return fallback(node as JsonSchema);
  const keys = Object.keys(node);
  if (!keys.every((key) => KNOWN.has(key)) || !supported(node)) {
    return fallback(node as JsonSchema);
  }
  const checks: Predicate[] = [];
  if (node.type !== undefined) checks.push(typeCheck(node.type));
  if ("const" in node) {
    const expected = node.const;
    checks.push((value) => value === expected);
  }
  if (node.anyOf) {
    checks.push(any((node.anyOf as unknown[]).map(compile)));
  }
  if (node.properties || node.required || node.additionalProperties !== undefined) {
    checks.push(objectCheck(node, compile));
  }
  if (node.items !== undefined || node.minItems !== undefined || node.maxItems !== undefined) {
    checks.push(arrayCheck(node, compile));
  }
  if (node.minLength !== undefined || node.maxLength !== undefined) {
    checks.push(lengthCheck(node.minLength as number | undefined, node.maxLength as number));
  }
  const bounds = numberBounds(node);
  if (bounds) checks.push(bounds);
  return all(checks);
}

/** Whether the keyword values are of the simple forms this module handles. */
function supported(node: Node): boolean {
  if ("const" in node && typeof node.const === "object" && node.const !== null) return false;
  if (node.type !== undefined) {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (!types.every((type) => typeof type === "string" && type in TYPES)) return false;
  }
  if (node.anyOf !== undefined && !Array.isArray(node.anyOf)) return false;
  if (node.required !== undefined && !Array.isArray(node.required)) return false;
  if (node.properties !== undefined && !isPlainObject(node.properties)) return false;
  if (node.additionalItems !== undefined && node.additionalItems !== false) return false;
  return NUMERIC.every((key) => node[key] === undefined || typeof node[key] === "number");
}

function typeCheck(type: unknown): Predicate {
  if (!Array.isArray(type)) return TYPES[type as string];
  return any(type.map((name) => TYPES[name]));
}

/** Properties are checked as TypeBox does: an optional one may be absent or `undefined`. */
function objectCheck(node: Node, compile: (node: unknown) => Predicate): Predicate {
  const properties = Object.entries((node.properties ?? {}) as Record<string, unknown>);
  const required = new Set((node.required ?? []) as string[]);
  const requiredKeys = [...required];
  const keys = properties.map(([key]) => key);
  const checks = properties.map(([, schema]) => compile(schema));
  const optional = keys.map((key) => !required.has(key));
  const named = new Set(properties.map(([key]) => key));
  const extra = node.additionalProperties;
  const extraCheck = extra === undefined || extra === true ||
      (isPlainObject(extra) && Object.keys(extra).length === 0)
    ? undefined
    : compile(extra);
  return (value) => {
    if (!isPlainObject(value)) return true;
    for (const key of requiredKeys) if (!(key in value)) return false;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index];
      const field = value[key];
      if (optional[index] && (field === undefined || !(key in value))) continue;
      if (!checks[index](field)) return false;
    }
    if (extraCheck) {
      for (const key of Object.getOwnPropertyNames(value)) {
        if (!named.has(key) && !extraCheck(value[key])) return false;
      }
    }
    return true;
  };
}

function arrayCheck(node: Node, compile: (node: unknown) => Predicate): Predicate {
  const minItems = (node.minItems as number | undefined) ?? 0;
  const maxItems = (node.maxItems as number | undefined) ?? Infinity;
  const items = node.items;
  const tuple = Array.isArray(items) ? items.map(compile) : undefined;
  const each = items === undefined || Array.isArray(items) ? undefined : compile(items);
  const closed = node.additionalItems === false;
  return (value) => {
    if (!Array.isArray(value)) return true;
    if (value.length < minItems || value.length > maxItems) return false;
    if (each) {
      for (const item of value) if (!each(item)) return false;
    }
    if (tuple) {
      if (closed && value.length > tuple.length) return false;
      for (let index = 0; index < tuple.length && index < value.length; index++) {
        if (!tuple[index](value[index])) return false;
      }
    }
    return true;
  };
}

/** String lengths count code points, as JSON Schema and TypeBox do. */
function lengthCheck(minLength = 0, maxLength = Infinity): Predicate {
  return (value) => {
    if (typeof value !== "string") return true;
    if (value.length < minLength || value.length / 2 > maxLength) return false;
    let count = 0;
    for (const _ of value) count++;
    return count >= minLength && count <= maxLength;
  };
}

function numberBounds(node: Node): Predicate | undefined {
  const limits: Predicate[] = [];
  const limit = (key: string, ok: (value: number, bound: number) => boolean) => {
    const bound = node[key];
    if (typeof bound === "number") {
      limits.push((value) => typeof value !== "number" || ok(value, bound));
    }
  };
  limit("minimum", (value, bound) => value >= bound);
  limit("maximum", (value, bound) => value <= bound);
  limit("exclusiveMinimum", (value, bound) => value > bound);
  limit("exclusiveMaximum", (value, bound) => value < bound);
  return limits.length > 0 ? all(limits) : undefined;
}

function all(checks: Predicate[]): Predicate {
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0];
  if (checks.length === 2) {
    const [first, second] = checks;
    return (value) => first(value) && second(value);
  }
  return (value) => {
    for (const check of checks) if (!check(value)) return false;
    return true;
  };
}

function any(checks: Predicate[]): Predicate {
  if (checks.length === 2) {
    const [first, second] = checks;
    return (value) => first(value) || second(value);
  }
  return (value) => {
    for (const check of checks) if (check(value)) return true;
    return false;
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
