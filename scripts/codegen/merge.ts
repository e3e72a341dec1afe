/**
 * Merges the same schema as several spec versions define it into one that accepts what any of
 * them sends: properties are the union, a property is required only where every version
 * requires it (and read-only or write-only where any version says so), enums are the union, and
 * differing shapes become a union.
 *
 * @module
 */
import { canonical, CONSTRAINTS, type Schema } from "./schema_ir.ts";

/** Merges a list of versions of one schema, oldest first. */
export function mergeAll(versions: Schema[]): Schema {
  if (versions.length === 0) throw new Error("nothing to merge");
  return versions.reduce((merged, next) => merge(merged, next));
}

/**
 * Merges two versions of one schema; a `default` is kept where both versions agree on it, and
 * `deprecated` where the newer says so.
 */
export function merge(a: Schema, b: Schema): Schema {
  const { default: defaultA, deprecated: _, ...shapeA } = a;
  const { default: defaultB, deprecated, ...shapeB } = b;
  const merged = mergeShapes(shapeA, shapeB);
  if (defaultA !== undefined && canonical(defaultA) === canonical(defaultB)) {
    merged.default = defaultA;
  }
  if (deprecated) merged.deprecated = true;
  return merged;
}

function mergeShapes(a: Schema, b: Schema): Schema {
  if (canonical(a) === canonical(b)) return a;
  if (isAny(a) || isAny(b)) return {};
  const variants = [...variantsOf(a)];
  for (const candidate of variantsOf(b)) {
    const index = variants.findIndex((existing) => kindOf(existing) === kindOf(candidate));
    if (index === -1) variants.push(candidate);
    else variants[index] = mergeSameKind(variants[index], candidate);
  }
  return variants.length === 1 ? variants[0] : { anyOf: variants };
}

function isAny(schema: Schema): boolean {
  return Object.keys(schema).length === 0;
}

function variantsOf(schema: Schema): Schema[] {
  return schema.anyOf && Object.keys(schema).length === 1 ? schema.anyOf : [schema];
}

/** Two variants of the same kind are merged into one instead of standing side by side. */
function kindOf(schema: Schema): string {
  if (schema.$ref) return `ref:${schema.$ref}`;
  if (schema.anyOf || schema.allOf) return canonical(schema);
  if (schema.const !== undefined) return `${schema.type ?? typeof schema.const}:literal`;
  if (schema.enum) return `${schema.type ?? "any"}:literal`;
  return schema.type ?? canonical(schema);
}

function mergeSameKind(a: Schema, b: Schema): Schema {
  if (canonical(a) === canonical(b)) return a;
  if (a.$ref) return a;
  const literalsA = literalsOf(a);
  const literalsB = literalsOf(b);
  if (literalsA && literalsB) {
    const values = [...new Set([...literalsA, ...literalsB])];
    const merged: Schema = a.type ? { type: a.type } : {};
    if (values.length === 1) merged.const = values[0];
    else merged.enum = values;
    return merged;
  }
  const merged: Schema = { ...a };
  if (a.properties || b.properties) {
    const props: Record<string, Schema> = {};
    const keys = [
      ...new Set([...Object.keys(a.properties ?? {}), ...Object.keys(b.properties ?? {})]),
    ]
      .sort();
    for (const key of keys) {
      const left = a.properties?.[key];
      const right = b.properties?.[key];
      props[key] = left && right ? merge(left, right) : (left ?? right)!;
    }
    merged.properties = props;
    const required = (a.required ?? []).filter((key) => (b.required ?? []).includes(key));
    if (required.length > 0) merged.required = required;
    else delete merged.required;
    for (const flag of ["readOnly", "writeOnly"] as const) {
      const flagged = [...new Set([...(a[flag] ?? []), ...(b[flag] ?? [])])].sort();
      if (flagged.length > 0) merged[flag] = flagged;
      else delete merged[flag];
    }
  }
  if (a.additionalProperties || b.additionalProperties) {
    if (a.additionalProperties && b.additionalProperties) {
      merged.additionalProperties = merge(a.additionalProperties, b.additionalProperties);
    } else delete merged.additionalProperties;
  }
  if (a.items && b.items) merged.items = merge(a.items, b.items);
  else if (a.items || b.items) delete merged.items;
  if (a.prefixItems || b.prefixItems) {
    if (canonical(a.prefixItems) !== canonical(b.prefixItems)) {
      delete merged.prefixItems;
      merged.items = {};
    }
  }
  if (a.format !== b.format) delete merged.format;
  for (const key of CONSTRAINTS) {
    if (a[key] !== b[key]) delete merged[key];
  }
  return merged;
}

function literalsOf(schema: Schema): Schema["enum"] | undefined {
  if (schema.enum) return schema.enum;
  if (schema.const !== undefined) return [schema.const];
  return undefined;
}
