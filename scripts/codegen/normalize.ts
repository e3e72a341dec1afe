/**
 * Turns an OpenAPI schema object (3.0 or 3.1 flavour) into the generator's {@link Schema} form.
 *
 * @module
 */
import { CONSTRAINTS, type Literal, type Schema } from "./schema_ir.ts";

// deno-lint-ignore no-explicit-any
type Raw = Record<string, any>;

const SIMPLE_TYPES = new Set(["string", "integer", "number", "boolean", "object", "array", "null"]);

/** Misspelt formats and what they mean: Airflow 2's spec writes `datetime` for `date-time`. */
const FORMAT_ALIASES: Record<string, string> = { datetime: "date-time" };

/**
 * Normalizes one raw OpenAPI schema. Prose (titles, descriptions, examples) is dropped; a
 * `default` is kept, for the generated docs.
 */
export function normalizeSchema(raw: Raw | boolean | undefined): Schema {
  if (raw === undefined || raw === true) return {};
  if (raw === false) throw new Error("a `false` schema is not supported");
  const schema = normalizeNonNull(raw);
  const normalized = raw.nullable === true ? withNull(schema) : schema;
  if (normalized.$ref) return normalized;
  const notes: Schema = {};
  if (raw.default !== undefined) notes.default = raw.default;
  if (raw.deprecated === true) notes.deprecated = true;
  return Object.keys(notes).length > 0 ? { ...normalized, ...notes } : normalized;
}

/** Adds `null` to the values a schema accepts, unless it already accepts it. */
export function withNull(schema: Schema): Schema {
  if (acceptsNull(schema)) return schema;
  const variants = schema.anyOf ?? [schema];
  return { anyOf: [...variants, { type: "null" }] };
}

/** Whether a schema accepts `null` as it is written (a reference is not followed). */
export function acceptsNull(schema: Schema): boolean {
  if (Object.keys(schema).every((key) => key === "default" || key === "deprecated")) return true;
  if (schema.type === "null" || schema.const === null) return true;
  // OpenAPI 3.0 spells a nullable enum with `null` among the values, as Airflow 2's `TaskState`.
  if (schema.enum?.includes(null)) return true;
  return schema.anyOf?.some(acceptsNull) ?? false;
}

function normalizeNonNull(raw: Raw): Schema {
  if (typeof raw.$ref === "string") return { $ref: refName(raw.$ref) };
  if (Array.isArray(raw.type)) {
    const { type: types, ...rest } = raw;
    return { anyOf: types.map((type: string) => normalizeNonNull({ ...rest, type })) };
  }
  const union = raw.anyOf ?? raw.oneOf;
  if (Array.isArray(union)) {
    const variants = union.map((variant: Raw) => normalizeSchema(variant));
    return variants.length === 1 ? variants[0] : { anyOf: flattenUnion(variants) };
  }
  const schema: Schema = {};
  if (Array.isArray(raw.allOf)) {
    const parts = raw.allOf.map((part: Raw) => normalizeSchema(part));
    if (parts.length === 1 && !raw.properties) return parts[0];
    schema.allOf = parts;
  }
  if (typeof raw.type === "string") {
    if (!SIMPLE_TYPES.has(raw.type)) throw new Error(`unknown schema type ${raw.type}`);
    schema.type = raw.type as Schema["type"];
  }
  if (raw.properties) {
    schema.type ??= "object";
    schema.properties = {};
    for (const key of Object.keys(raw.properties).sort()) {
      schema.properties[key] = normalizeSchema(raw.properties[key]);
    }
    const required = (raw.required ?? []).filter((key: string) => key in raw.properties);
    if (required.length > 0) schema.required = [...required].sort();
    for (const flag of ["readOnly", "writeOnly"] as const) {
      const keys = Object.keys(schema.properties).filter((key) => raw.properties[key]?.[flag]);
      if (keys.length > 0) schema[flag] = keys;
    }
  }
  if (raw.additionalProperties && typeof raw.additionalProperties === "object") {
    const values = normalizeSchema(raw.additionalProperties);
    if (Object.keys(values).length > 0) schema.additionalProperties = values;
  }
  if (raw.items !== undefined && raw.items !== false) schema.items = normalizeSchema(raw.items);
  if (Array.isArray(raw.prefixItems)) {
    schema.prefixItems = raw.prefixItems.map((item: Raw) => normalizeSchema(item));
  }
  if (Array.isArray(raw.enum)) schema.enum = uniqueLiterals(raw.enum);
  if ("const" in raw) schema.const = raw.const as Literal;
  if (typeof raw.format === "string") schema.format = FORMAT_ALIASES[raw.format] ?? raw.format;
  for (const key of CONSTRAINTS) {
    if (raw[key] !== undefined && typeof raw[key] !== "boolean") schema[key] = raw[key];
  }
  return schema;
}

function flattenUnion(variants: Schema[]): Schema[] {
  return variants.flatMap((variant) =>
    variant.anyOf && Object.keys(variant).length === 1 ? variant.anyOf : [variant]
  );
}

function uniqueLiterals(values: Literal[]): Literal[] {
  return [...new Set(values)];
}

/** `#/components/schemas/DAGResponse` → `DAGResponse`. */
export function refName(ref: string): string {
  const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
  if (!match) throw new Error(`unsupported $ref ${ref}`);
  return match[1];
}
