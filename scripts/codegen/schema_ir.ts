/**
 * The schema form the generator works on: JSON Schema 2020-12 without prose, with OpenAPI 3.0
 * `nullable` rewritten as a union with `null`, `oneOf` relaxed to `anyOf`, and references
 * reduced to the bare component name. `allOf` of objects is merged into one object once the
 * components are known (see `flattenAllOf`).
 *
 * @module
 */

/** A JSON value that may appear in `enum` or `const`. */
export type Literal = string | number | boolean | null;

/** A normalized schema. An empty object means "any value". */
export interface Schema {
  /** Name of a component schema. */
  $ref?: string;
  type?: "string" | "integer" | "number" | "boolean" | "object" | "array" | "null";
  properties?: Record<string, Schema>;
  required?: string[];
  /**
   * Properties marked `readOnly`, directly or through the component they refer to: Airflow sets
   * them, so a request needs not carry them even when `required` lists them.
   */
  readOnly?: string[];
  /** Properties marked `writeOnly`: requests carry them, responses never do. */
  writeOnly?: string[];
  /** Only a schema is kept: `true` is the default and `false` is dropped for version tolerance. */
  additionalProperties?: Schema;
  items?: Schema;
  prefixItems?: Schema[];
  enum?: Literal[];
  const?: Literal;
  anyOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  /** The value the server assumes when the property is left out; for docs only. */
  default?: unknown;
  /** The spec marks it deprecated; for docs only. */
  deprecated?: boolean;
}

/**
 * The validation keywords kept as they are. `pattern` is left out on purpose: the one the specs
 * have (v1's `Color`) is checked by Airflow on input only, and a DAG's operator may set any
 * colour name, which Airflow then returns; a client must not reject that answer.
 */
export const CONSTRAINTS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
] as const;

/** A stable text form of a value: object keys sorted, so equal schemas give equal strings. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value).sort().map((key) =>
      `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`
    );
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The component names a schema refers to, directly or through nested schemas. */
export function referencedNames(schema: Schema, into: Set<string> = new Set()): Set<string> {
  if (schema.$ref) into.add(schema.$ref);
  for (const child of childSchemas(schema)) referencedNames(child, into);
  return into;
}

/** Every component reachable from `roots`, through references inside components too. */
export function reachable(roots: Schema[], schemas: Map<string, Schema>): Set<string> {
  const found = new Set<string>();
  const queue = roots.flatMap((root) => [...referencedNames(root)]);
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (found.has(name)) continue;
    found.add(name);
    queue.push(...referencedNames(schemas.get(name)!));
  }
  return found;
}

/** The schemas nested one level inside `schema`. */
export function childSchemas(schema: Schema): Schema[] {
  return [
    ...Object.values(schema.properties ?? {}),
    ...(schema.additionalProperties ? [schema.additionalProperties] : []),
    ...(schema.items ? [schema.items] : []),
    ...(schema.prefixItems ?? []),
    ...(schema.anyOf ?? []),
    ...(schema.allOf ?? []),
  ];
}

/** A shallow copy of `schema` with `map` applied to each schema nested one level inside. */
export function mapChildren(schema: Schema, map: (child: Schema) => Schema): Schema {
  const out: Schema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, map(value)]),
    );
  }
  if (schema.additionalProperties) out.additionalProperties = map(schema.additionalProperties);
  if (schema.items) out.items = map(schema.items);
  if (schema.prefixItems) out.prefixItems = schema.prefixItems.map(map);
  if (schema.anyOf) out.anyOf = schema.anyOf.map(map);
  if (schema.allOf) out.allOf = schema.allOf.map(map);
  return out;
}

/** `schema` with every component reference replaced by the component, recursively. */
export function inlineRefs(schema: Schema, schemas: Map<string, Schema>): Schema {
  if (schema.$ref) return inlineRefs(schemas.get(schema.$ref)!, schemas);
  return mapChildren(schema, (child) => inlineRefs(child, schemas));
}
