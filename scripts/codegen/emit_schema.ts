/**
 * Writes a {@link Schema} two ways: as a JSON Schema object literal that validates at run time,
 * and as the TypeScript type of the values it accepts.
 *
 * The literals are the JSON Schema that TypeBox's builders (`Type.Object`, `Type.Union`, ...)
 * would return for the same schema, key for key and in the same key order, with one exception:
 * an open map is `additionalProperties`, not the `patternProperties` with a match-all pattern
 * that `Type.Record` gives, which accepts the same values and checks several times faster (no
 * pattern is tested per key). They are plain data, which bundlers can drop when unused and which
 * needs no TypeBox at run time.
 *
 * @module
 */
import { CONSTRAINTS, type Literal, type Schema } from "./schema_ir.ts";

/** How a schema is written. */
export interface EmitContext {
  /** Prefix for component references in run-time schemas, such as `S.`; empty in the same module. */
  schemaPrefix: string;
  /** Prefix for component references in types, such as `T.`. */
  typePrefix: string;
  /** Request-side types also take `Date` where the API takes a date-time. */
  input: boolean;
  /**
   * Set where answers are read: string enums accept any string, typed as their members or
   * `string`, because newer servers add members. Holds the names of the enum components, whose
   * references are opened too.
   */
  openEnums?: ReadonlyMap<string, Literal[]>;
}

/** A string enum, possibly with `null` among its values, that answers may extend. */
function isOpenable(values: Literal[]): boolean {
  return values.some((value) => typeof value === "string") &&
    values.every((value) => typeof value === "string" || value === null);
}

/** The component schemas that are string enums, with their values. */
export function enumComponents(schemas: Map<string, Schema>): Map<string, Literal[]> {
  const enums = new Map<string, Literal[]>();
  for (const [name, schema] of schemas) {
    if (schema.enum && isOpenable(schema.enum)) enums.set(name, schema.enum);
  }
  return enums;
}

/** The values of the enum `schema` is, or refers to, when `ctx` opens it. */
function openedEnum(schema: Schema, ctx: EmitContext): Literal[] | undefined {
  if (!ctx.openEnums) return undefined;
  if (schema.$ref) return ctx.openEnums.get(schema.$ref);
  return schema.enum && isOpenable(schema.enum) ? schema.enum : undefined;
}

/** The node an open enum becomes: any string, or `null` where it had it. */
function openEnumNode(values: Literal[]): SchemaNode {
  const string = { type: "string" };
  return values.includes(null) ? { anyOf: [string, { type: "null" }] } : string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as written in an object literal or type. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** A reference to a component schema, which the run-time literal shares by its name. */
export class ComponentRef {
  /** @param name The component's name. */
  constructor(readonly name: string) {}
}

/** A JSON value inside a schema node that is not a schema: a type name, a bound, a constant. */
export type NodeValue = Literal | readonly string[];

/** A run-time schema as a tree: JSON values, with components referred to by name. */
export type SchemaNode =
  | ComponentRef
  | { readonly [key: string]: SchemaNode | NodeValue | readonly SchemaNode[] };

/**
 * The run-time JSON Schema for a schema, as a tree: the value its literal holds, key for key and
 * in key order, with components kept as {@link ComponentRef}s.
 */
export function schemaNode(schema: Schema, ctx: EmitContext): SchemaNode {
  const open = openedEnum(schema, ctx);
  if (open) return openEnumNode(open);
  if (schema.$ref) return new ComponentRef(schema.$ref);
  if (schema.anyOf) return { anyOf: schema.anyOf.map((s) => schemaNode(s, ctx)) };
  if (schema.allOf) return { allOf: schema.allOf.map((s) => schemaNode(s, ctx)) };
  if (schema.const !== undefined) return constNode(schema.const);
  if (schema.enum) {
    const members = schema.enum.map(constNode);
    return members.length === 1 ? members[0] : { anyOf: members };
  }
  const constraints = Object.fromEntries(
    CONSTRAINTS.filter((key) => schema[key] !== undefined).map((key) => [key, schema[key]!]),
  );
  switch (schema.type) {
    case "string":
    case "integer":
    case "number":
      return { type: schema.type, ...constraints };
    case "boolean":
    case "null":
      return { type: schema.type };
    case "array":
      if (schema.prefixItems) {
        // A TypeBox tuple, in the draft 7 form that TypeBox uses.
        return {
          type: "array",
          additionalItems: false,
          items: schema.prefixItems.map((s) => schemaNode(s, ctx)),
          minItems: schema.prefixItems.length,
        };
      }
      return { type: "array", items: schemaNode(schema.items ?? {}, ctx), ...constraints };
    case "object":
      return objectNode(schema, ctx);
    default:
      return {};
  }
}

function objectNode(schema: Schema, ctx: EmitContext): SchemaNode {
  const values = schema.additionalProperties
    ? schemaNode(schema.additionalProperties, ctx)
    : undefined;
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) {
    return values === undefined || isEmpty(values)
      ? { type: "object" }
      : { type: "object", additionalProperties: values };
  }
  // Like TypeBox: `required` lists the non-optional properties in property order, if any.
  const requiredSet = new Set(schema.required ?? []);
  const required = entries.filter(([key]) => requiredSet.has(key)).map(([key]) => key);
  return {
    type: "object",
    ...(required.length > 0 ? { required } : {}),
    properties: Object.fromEntries(entries.map(([key, value]) => [key, schemaNode(value, ctx)])),
    ...(values ? { additionalProperties: values } : {}),
  };
}

/** Whether a node is the empty schema, which accepts anything. */
export function isEmpty(node: SchemaNode): boolean {
  return !(node instanceof ComponentRef) && Object.keys(node).length === 0;
}

/** `Type.Literal(value)`, or `Type.Null()` for `null`. */
function constNode(value: Literal): SchemaNode {
  return value === null ? { type: "null" } : { type: typeof value, const: value };
}

/**
 * The JSON Schema object literal for a schema. Component references stay identifiers, so the
 * literal shares the component's object rather than copying it.
 */
export function schemaLiteral(schema: Schema, ctx: EmitContext): string {
  return nodeText(schemaNode(schema, ctx), ctx.schemaPrefix);
}

/** Keywords whose value is a schema, or a list of schemas. */
const SCHEMA_KEYWORDS = new Set(["anyOf", "allOf", "items", "additionalProperties"]);

/**
 * The literal text of a node, components written as `prefix` and their name. Object schemas with
 * properties, and their properties, get one entry per line; lists of schemas are inline when
 * short; values that are not schemas are JSON.
 */
export function nodeText(node: SchemaNode, prefix: string): string {
  if (node instanceof ComponentRef) return `${prefix}${node.name}`;
  const text = (child: unknown) => nodeText(child as SchemaNode, prefix);
  const entries = Object.entries(node).map(([key, value]): [string, string] => {
    if (key === "properties") {
      const properties = Object.entries(value as Record<string, SchemaNode>);
      return [key, objectText(properties.map(([name, child]) => [name, text(child)]), true)];
    }
    if (!SCHEMA_KEYWORDS.has(key) || typeof value !== "object" || value === null) {
      return [key, JSON.stringify(value)];
    }
    return [key, Array.isArray(value) ? arrayText(value.map(text)) : text(value)];
  });
  return objectText(entries, "properties" in node);
}

/** Arrays longer than this, or holding a multi-line item, get one item per line. */
const INLINE_ARRAY = 60;

/** An array literal of schemas: inline when short, else one item per line (kept by `deno fmt`). */
function arrayText(items: string[]): string {
  const inline = `[${items.join(", ")}]`;
  if (inline.length <= INLINE_ARRAY && !inline.includes("\n")) return inline;
  return `[\n${items.map((item) => `${item},\n`).join("")}]`;
}

/**
 * An object literal from key and value text, in the given order. `multiline` puts each entry on
 * its own line, which `deno fmt` keeps, so objects read one property per line.
 */
function objectText(entries: [string, string][], multiline = false): string {
  const body = entries.map(([key, value]) => `${propertyKey(key)}: ${value}`);
  if (body.length === 0) return "{}";
  return multiline
    ? `{\n${body.map((entry) => `${entry},\n`).join("")}}`
    : `{ ${body.join(", ")} }`;
}

/** The TypeScript type for a schema. */
export function typeExpression(schema: Schema, ctx: EmitContext): string {
  const open = openedEnum(schema, ctx);
  if (open) {
    const known = schema.$ref ? `${ctx.typePrefix}${schema.$ref}` : union(open.map(literalType));
    return `${known} | (string & Record<never, never>)`;
  }
  if (schema.$ref) return `${ctx.typePrefix}${schema.$ref}`;
  if (schema.anyOf) return union(schema.anyOf.map((s) => typeExpression(s, ctx)));
  if (schema.allOf) return schema.allOf.map((s) => wrap(typeExpression(s, ctx))).join(" & ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return union(schema.enum.map(literalType));
  switch (schema.type) {
    case "string":
      return ctx.input && schema.format === "date-time" ? "string | Date" : "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array":
      if (schema.prefixItems) {
        return `[${schema.prefixItems.map((s) => typeExpression(s, ctx)).join(", ")}]`;
      }
      return `${wrap(typeExpression(schema.items ?? {}, ctx))}[]`;
    case "object":
      return objectType(schema, ctx);
    default:
      return "unknown";
  }
}

/**
 * The members of an object type, one per line, for an interface or a type literal. With `docs`,
 * each member gets the comment it returns.
 */
export function objectMembers(
  schema: Schema,
  ctx: EmitContext,
  docs?: (key: string) => string[],
): string[] {
  const required = new Set(schema.required ?? []);
  const members = Object.entries(schema.properties ?? {}).map(([key, value]) => {
    const member = `${propertyKey(key)}${required.has(key) ? "" : "?"}: ${
      typeExpression(value, ctx)
    };`;
    return docs ? `${docComment(docs(key))}\n${member}` : member;
  });
  if (schema.additionalProperties) {
    const values = members.length > 0
      ? "unknown"
      : typeExpression(schema.additionalProperties, ctx);
    members.push(
      docs
        ? `/** Fields beyond those listed, as newer servers send. */\n[key: string]: ${values};`
        : `[key: string]: ${values};`,
    );
  }
  return members;
}

/** A doc comment of the given lines: on one line when there is one. */
export function docComment(lines: string[], indent = ""): string {
  if (lines.length === 1) return `${indent}/** ${lines[0]} */`;
  return [
    `${indent}/**`,
    ...lines.map((line) => `${indent} *${line ? ` ${line}` : ""}`),
    `${indent} */`,
  ]
    .join("\n");
}

function objectType(schema: Schema, ctx: EmitContext): string {
  if (!schema.properties) {
    return `Record<string, ${
      schema.additionalProperties ? typeExpression(schema.additionalProperties, ctx) : "unknown"
    }>`;
  }
  return `{ ${objectMembers(schema, ctx).join(" ")} }`;
}

function literalType(value: Literal): string {
  return JSON.stringify(value);
}

function union(members: string[]): string {
  return [...new Set(members)].join(" | ");
}

function wrap(type: string): string {
  return /[|&]/.test(type) ? `(${type})` : type;
}
