/**
 * Turns call arguments into the parts of an HTTP request: the path with its parameters
 * percent-encoded, the query string with repeated keys for arrays, and JSON-ready values with
 * every `Date` written as ISO 8601.
 *
 * @module
 */
import type { FieldIssue } from "./errors.ts";
import type { Operation } from "./operation.ts";

/** Fills the path template; returns the path or the problems found with the arguments. */
export function buildPath(
  operation: Operation,
  args: readonly unknown[],
): { path: string; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  if (args.length > operation.pathParams.length) {
    issues.push({
      path: "path",
      message: `expected ${operation.pathParams.length} path arguments, got ${args.length}`,
    });
  }
  let path = operation.path;
  for (let index = 0; index < operation.pathParams.length; index++) {
    const param = operation.pathParams[index];
    const value = args[index];
    const problem = pathProblem(value, param.kind);
    const segment = problem ? undefined : encodePathSegment(String(value));
    if (segment === undefined) {
      const message = problem ?? "holds a lone surrogate, which no URL can carry";
      issues.push({ path: `path.${param.name}`, message });
    } else {
      path = path.replace(`{${param.name}}`, segment);
    }
  }
  return { path, issues };
}

function pathProblem(value: unknown, kind: "string" | "integer"): string | undefined {
  if (value === undefined || value === null) return "is required";
  if (kind === "integer") {
    return Number.isInteger(value) ? undefined : `must be an integer, got ${describeValue(value)}`;
  }
  if (typeof value !== "string") return `must be a string, got ${describeValue(value)}`;
  if (value.length === 0) return "must not be empty";
  // URL parsing removes these segments, even percent-encoded, so the request would go elsewhere.
  if (value === "." || value === "..") return `cannot be ${JSON.stringify(value)}`;
  return undefined;
}

/**
 * Percent-encodes one path segment. Everything outside the unreserved set is encoded, so a run
 * id's `+` does not turn into a space on the server; `~` is unreserved and stays as it is,
 * which keeps its "all DAGs" meaning. `undefined` for text with a lone surrogate, which no URL
 * can carry.
 */
export function encodePathSegment(value: string): string | undefined {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    return undefined;
  }
  return LEFT_BY_ENCODE_URI_COMPONENT.test(encoded)
    ? encoded.replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    : encoded;
}

/** Characters `encodeURIComponent` leaves as they are, outside the unreserved set. */
const LEFT_BY_ENCODE_URI_COMPONENT = /[!'()*]/;

/**
 * Writes query parameters: arrays repeat the key, except those named in `commaSeparated`, which
 * go as one `a,b` value; `undefined` and `null` are left out.
 */
export function buildQuery(
  query: Record<string, unknown> | undefined,
  commaSeparated: readonly string[] = [],
): string {
  if (!query) return "";
  let text = "";
  const add = (key: string, value: string) => {
    text += `${text ? "&" : "?"}${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
  };
  for (const key in query) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      add(key, queryValue(value));
    } else if (commaSeparated.includes(key)) {
      if (value.length > 0) add(key, value.map(queryValue).join(","));
    } else {
      for (const item of value) if (item !== undefined && item !== null) add(key, queryValue(item));
    }
  }
  return text;
}

function queryValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * The value as it goes on the wire: each `Date` becomes its ISO 8601 string. Returns the value
 * itself when it holds no `Date`, so the common case copies nothing.
 */
export function withIsoDates<T>(value: T): T {
  return containsDate(value) ? replaceDates(value) as T : value;
}

function containsDate(value: unknown): boolean {
  if (value instanceof Date) return true;
  if (Array.isArray(value)) return value.some(containsDate);
  if (value !== null && typeof value === "object") {
    for (const key in value) {
      if (containsDate((value as Record<string, unknown>)[key])) return true;
    }
  }
  return false;
}

function replaceDates(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? value : value.toISOString();
  if (Array.isArray(value)) return value.map(replaceDates);
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // A key named `__proto__` stays a key: an assignment would set the copy's prototype.
      Object.defineProperty(copy, key, {
        value: replaceDates(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return value;
}

/**
 * Why `value` cannot go as JSON, if it cannot: it refers to itself, or holds a `BigInt`, which
 * `JSON.stringify` throws on (other values it cannot write it leaves out, as JSON does).
 */
export function jsonProblem(value: unknown, path: object[] = []): string | undefined {
  if (typeof value === "bigint") return "holds a BigInt, which JSON cannot carry";
  if (value === null || typeof value !== "object" || value instanceof Date) return undefined;
  if (path.includes(value)) return "refers to itself, so it cannot be written as JSON";
  path.push(value);
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    const problem = jsonProblem(item, path);
    if (problem) return problem;
  }
  path.pop();
  return undefined;
}

/** A short description of a value's type for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === "number") return `number ${value}`;
  return typeof value;
}
