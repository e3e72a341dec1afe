/**
 * The normalization steps that need more than one schema at a time:
 *
 * - within one spec version, an `allOf` of objects becomes one object (Airflow 2 builds every
 *   collection as `allOf: [{ <items>: [...] }, CollectionInfo]`, and `DAGDetail` as `allOf:
 *   [DAG, {...}]`), and a property that refers to a `readOnly` component is read-only itself;
 * - once versions are merged, `required` is relaxed by how a schema is used: a request needs not
 *   carry read-only properties, and a response never carries write-only ones.
 *
 * @module
 */
import { canonical, mapChildren, reachable, type Schema } from "./schema_ir.ts";

/** The component schemas of one spec version, normalized but not yet composed. */
export interface Components {
  schemas: Map<string, Schema>;
  /** Components marked `readOnly` (or `writeOnly`) as a whole, such as Airflow 2's `DagState`. */
  readOnly: Set<string>;
  writeOnly: Set<string>;
}

/** The two property flags of {@link Schema}. */
const FLAGS = ["readOnly", "writeOnly"] as const;

/** The keys of an object schema that `allOf` merging knows how to combine. */
const OBJECT_KEYS = new Set(["type", "properties", "required", "default", "deprecated", ...FLAGS]);

/** One version's components, composed, and a way to compose the schemas of its operations. */
export interface Composer {
  /** Every component, in the order given, with its `allOf` merged and read-only refs marked. */
  schemas: Map<string, Schema>;
  /** Composes a schema outside the components, such as an inline response, against them. */
  compose(schema: Schema): Schema;
}

/** Composes the components of one spec version. */
export function composer(components: Components): Composer {
  const done = new Map<string, Schema>();
  const visiting = new Set<string>();
  const resolve = (name: string): Schema => {
    const cached = done.get(name);
    if (cached) return cached;
    const raw = components.schemas.get(name);
    if (!raw) throw new Error(`unknown schema ${name}`);
    if (visiting.has(name)) throw new Error(`allOf refers back to ${name}`);
    visiting.add(name);
    const composed = compose(raw, components, resolve);
    visiting.delete(name);
    done.set(name, composed);
    return composed;
  };
  return {
    schemas: new Map([...components.schemas.keys()].map((name) => [name, resolve(name)])),
    compose: (schema) => compose(schema, components, resolve),
  };
}

function compose(
  schema: Schema,
  components: Components,
  resolve: (name: string) => Schema,
): Schema {
  if (schema.$ref) return schema;
  const out = mapChildren(schema, (child) => compose(child, components, resolve));
  for (const flag of FLAGS) {
    const keys = Object.entries(schema.properties ?? {}).filter(([key, value]) =>
      schema[flag]?.includes(key) || refersTo(value, components[flag])
    ).map(([key]) => key);
    if (keys.length > 0) out[flag] = keys;
  }
  return out.allOf ? mergeAllOf(out, resolve) ?? out : out;
}

/** Whether a property is a reference, nullable or not, to one of `names`. */
function refersTo(schema: Schema, names: Set<string>): boolean {
  if (schema.$ref) return names.has(schema.$ref);
  return schema.anyOf?.some((variant) => variant.$ref !== undefined && names.has(variant.$ref)) ??
    false;
}

/**
 * One object with the properties of every part, or `undefined` when a part is not a plain
 * object (a union, an enum, a nullable component, a map) and the `allOf` must stay as it is.
 * A property that two parts define differently must satisfy both, so it becomes their `allOf`.
 */
function mergeAllOf(schema: Schema, resolve: (name: string) => Schema): Schema | undefined {
  const { allOf, ...own } = schema;
  const parts = [...allOf!, own].map((part) => part.$ref ? resolve(part.$ref) : part)
    .filter((part) => Object.keys(part).length > 0);
  if (parts.length === 0) return undefined;
  for (const part of parts) {
    if (part.type !== "object" || Object.keys(part).some((key) => !OBJECT_KEYS.has(key))) {
      return undefined;
    }
  }
  const properties = new Map<string, Schema>();
  for (const part of parts) {
    for (const [key, value] of Object.entries(part.properties ?? {})) {
      const existing = properties.get(key);
      if (!existing || canonical(existing) === canonical(value)) properties.set(key, value);
      else properties.set(key, { allOf: [...(existing.allOf ?? [existing]), value] });
    }
  }
  const merged: Schema = { type: "object" };
  if (properties.size > 0) {
    merged.properties = Object.fromEntries([...properties].sort(([a], [b]) => compare(a, b)));
  }
  for (const key of ["required", ...FLAGS] as const) {
    const names = [...new Set(parts.flatMap((part) => part[key] ?? []))].sort(compare);
    if (names.length > 0) merged[key] = names;
  }
  return merged;
}

/** Code-unit order, as `Array.prototype.sort` and `Object.keys(...).sort()` give. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Relaxes `required` by use: in components that requests carry, read-only properties become
 * optional; in those that responses carry, write-only ones do. A component used both ways gets
 * both. Inline body and response schemas are relaxed the same way.
 */
export function relaxRequired(
  schemas: Map<string, Schema>,
  bodies: Schema[],
  responses: Schema[],
): {
  schemas: Map<string, Schema>;
  body(schema: Schema): Schema;
  response(schema: Schema): Schema;
} {
  const sent = reachable(bodies, schemas);
  const received = reachable(responses, schemas);
  const relaxed = new Map<string, Schema>();
  for (const [name, schema] of schemas) {
    const flags = [
      ...(sent.has(name) ? ["readOnly" as const] : []),
      ...(received.has(name) ? ["writeOnly" as const] : []),
    ];
    relaxed.set(name, withoutRequired(schema, flags));
  }
  return {
    schemas: relaxed,
    body: (schema) => withoutRequired(schema, ["readOnly"]),
    response: (schema) => withoutRequired(schema, ["writeOnly"]),
  };
}

/** `schema` with the properties that carry any of `flags` left out of `required`, nested too. */
function withoutRequired(schema: Schema, flags: (typeof FLAGS)[number][]): Schema {
  if (flags.length === 0 || schema.$ref) return schema;
  const out = mapChildren(schema, (child) => withoutRequired(child, flags));
  const optional = new Set(flags.flatMap((flag) => schema[flag] ?? []));
  const required = (schema.required ?? []).filter((key) => !optional.has(key));
  if (required.length > 0) out.required = required;
  else delete out.required;
  return out;
}
