/**
 * Reads a request the way FastAPI does for Airflow: path and query strings coerced by their
 * schemas (unknown query names ignored), JSON bodies checked, and every problem reported as a
 * 422 `{ detail: [{ type, loc, msg, input }] }`.
 *
 * @module
 */
import type { JsonSchema, Operation } from "../core/operation.ts";
import { check } from "../core/validation.ts";
import { isSensitiveKey, type ValidationIssue } from "./http.ts";

interface SchemaNode {
  type?: string;
  anyOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
}

/** Path parameters with `integer` ones turned into numbers. */
export function readPath(
  operation: Operation,
  raw: Record<string, string>,
): { params: Record<string, string | number>; issues: ValidationIssue[] } {
  const params: Record<string, string | number> = {};
  const issues: ValidationIssue[] = [];
  for (const { name, kind } of operation.pathParams) {
    const text = raw[name];
    if (kind === "integer") {
      if (!/^[+-]?\d+$/.test(text)) {
        issues.push({
          type: "int_parsing",
          loc: ["path", name],
          msg: "Input should be a valid integer, unable to parse string as an integer",
          input: text,
        });
      }
      params[name] = Number(text);
    } else {
      params[name] = text;
    }
  }
  return { params, issues };
}

/** The query parameters the operation knows, coerced by its schema, and their problems. */
export function readQuery(
  operation: Operation,
  search: URLSearchParams,
): { query: Record<string, unknown>; issues: ValidationIssue[] } {
  const query: Record<string, unknown> = {};
  const node = operation.query as SchemaNode | undefined;
  if (!node?.properties) return { query, issues: [] };
  const issues: ValidationIssue[] = [];
  for (const [name, property] of Object.entries(node.properties)) {
    const values = search.getAll(name);
    if (values.length > 0) query[name] = coerce(property, values);
    else if (node.required?.includes(name)) issues.push(missing(["query", name], null));
  }
  if (issues.length > 0) return { query, issues };
  return {
    query,
    issues: toIssues(check(node, query, "query", operation.queryCheck), query),
  };
}

/**
 * The parsed JSON body and its problems against the operation's body schema, as a server of
 * `version` (`major.minor`) sees them: fields that a later version added are unknown to it.
 */
export async function readBody(
  operation: Operation,
  request: Request,
  version: string,
): Promise<{ body: unknown; issues: ValidationIssue[] }> {
  const text = request.body ? await request.text() : "";
  if (!operation.body) return { body: undefined, issues: [] };
  if (text.trim() === "") {
    return operation.bodyRequired
      ? { body: undefined, issues: [missing(["body"], null)] }
      : { body: undefined, issues: [] };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      body: undefined,
      issues: [{ type: "json_invalid", loc: ["body", 0], msg: "JSON decode error", input: {} }],
    };
  }
  return { body, issues: checkBody(operation, body, version) };
}

/**
 * Problems of a JSON body: missing and unknown fields first, as Airflow's strict models do,
 * then `null` where the server's version does not take it, then the schema.
 */
function checkBody(operation: Operation, body: unknown, version: string): ValidationIssue[] {
  const schema = operation.body as JsonSchema;
  const node = objectSchemaOf(schema as SchemaNode);
  if (node && body !== null && typeof body === "object" && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const limits = operation.bodyVersions ?? {};
    const known = (name: string) =>
      name in (node.properties ?? {}) &&
      !(Object.hasOwn(limits, name) && isNewer(limits[name].since, version));
    const issues: ValidationIssue[] = [];
    for (const name of node.required ?? []) {
      if (record[name] === undefined) issues.push(missing(["body", name], body));
    }
    for (const name of Object.keys(record)) {
      if (!known(name)) {
        issues.push({
          type: "extra_forbidden",
          loc: ["body", name],
          msg: "Extra inputs are not permitted",
          input: redact(name, record[name]),
        });
      }
    }
    for (const [name, limit] of Object.entries(limits)) {
      if (record[name] === null && isNewer(limit.nullSince, version)) {
        issues.push(notNull(name, node.properties?.[name]));
      }
    }
    if (issues.length > 0) return issues;
  }
  return toIssues(check(schema, body, "body", operation.bodyCheck), body);
}

/** Whether `since` (`major.minor`) is a later version than `version`. */
export function isNewer(since: string | undefined, version: string): boolean {
  if (since === undefined) return false;
  const [major, minor] = since.split(".").map(Number);
  const [ownMajor, ownMinor] = version.split(".").map(Number);
  return major > ownMajor || (major === ownMajor && minor > ownMinor);
}

/** Pydantic's error for a `null` given to a field that does not take it. */
function notNull(name: string, property: SchemaNode | undefined): ValidationIssue {
  const type = members(property ?? {}).find((member) => member.type !== "null")?.type;
  const [kind, noun] = PYDANTIC_TYPES[type ?? ""] ?? ["value_error", "value"];
  return { type: kind, loc: ["body", name], msg: `Input should be a valid ${noun}`, input: null };
}

const PYDANTIC_TYPES: Record<string, [string, string]> = {
  object: ["dict_type", "dictionary"],
  string: ["string_type", "string"],
  integer: ["int_type", "integer"],
  number: ["float_type", "number"],
  boolean: ["bool_type", "boolean"],
  array: ["list_type", "list"],
};

function objectSchemaOf(node: SchemaNode): SchemaNode | undefined {
  if (node.type === "object" && node.properties) return node;
  return node.anyOf?.map(objectSchemaOf).find((member) => member !== undefined);
}

function missing(loc: (string | number)[], input: unknown): ValidationIssue {
  return { type: "missing", loc, msg: "Field required", input };
}

function toIssues(
  issues: { path: string; message: string; type?: string }[],
  root: unknown,
): ValidationIssue[] {
  return issues.map((issue) => {
    const loc = issue.path.split(".").filter((part) => part !== "");
    let input: unknown = root;
    for (const part of loc.slice(1)) {
      input = input !== null && typeof input === "object"
        ? (input as Record<string, unknown>)[part]
        : undefined;
    }
    const last = String(loc[loc.length - 1] ?? "");
    return {
      type: issue.type ?? "value_error",
      loc: loc.map((part) => (/^\d+$/.test(part) && loc[0] === "body" ? Number(part) : part)),
      msg: issue.message,
      input: redact(last, input ?? null),
    };
  });
}

function redact(key: string, value: unknown): unknown {
  return isSensitiveKey(key) ? "***" : value;
}

function members(node: SchemaNode): SchemaNode[] {
  return node.anyOf ? node.anyOf.flatMap(members) : [node];
}

function coerce(node: SchemaNode, values: string[]): unknown {
  const all = members(node);
  const array = all.find((member) => member.type === "array");
  const scalars = all.filter((member) => member.type !== "array" && member.type !== "null");
  if (array && (values.length > 1 || scalars.length === 0)) {
    return values.map((value) => coerceScalar(array.items ?? {}, value));
  }
  return coerceScalar(node, values[values.length - 1]);
}

const TRUE = new Set(["true", "1", "yes", "on", "t", "y"]);
const FALSE = new Set(["false", "0", "no", "off", "f", "n"]);

function coerceScalar(node: SchemaNode, text: string): unknown {
  const types = new Set(members(node).map((member) => member.type));
  if (
    (types.has("integer") || types.has("number")) &&
    /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)
  ) {
    return Number(text);
  }
  if (types.has("boolean")) {
    const lower = text.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
  }
  return text;
}
