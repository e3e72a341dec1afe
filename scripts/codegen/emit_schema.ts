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

/** The literals an open enum accepts besides any string: `null` where it had it. */
function openEnumLiteral(values: Literal[]): string {
  const string = objectText([["type", '"string"']]);
  return values.includes(null)
    ? objectText([["anyOf", arrayText([string, objectText([["type", '"null"']])])]])
    : string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as written in an object literal or type. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/**
 * The JSON Schema object literal for a schema. Component references stay identifiers, so the
 * literal shares the component's object rather than copying it.
 */
export function schemaLiteral(schema: Schema, ctx: EmitContext): string {
  const open = openedEnum(schema, ctx);
  if (open) return openEnumLiteral(open);
  if (schema.$ref) return `${ctx.schemaPrefix}${schema.$ref}`;
  if (schema.anyOf) return objectText([["anyOf", list(schema.anyOf, ctx)]]);
  if (schema.allOf) return objectText([["allOf", list(schema.allOf, ctx)]]);
  if (schema.const !== undefined) return constLiteral(schema.const);
  if (schema.enum) {
    const members = schema.enum.map(constLiteral);
    return members.length === 1 ? members[0] : objectText([["anyOf", arrayText(members)]]);
  }
  const constraints = CONSTRAINTS.filter((key) => schema[key] !== undefined).map((key) =>
    [key, JSON.stringify(schema[key])] as [string, string]
  );
  switch (schema.type) {
    case "string":
    case "integer":
    case "number":
      return objectText([["type", JSON.stringify(schema.type)], ...constraints]);
    case "boolean":
      return objectText([["type", '"boolean"']]);
    case "null":
      return objectText([["type", '"null"']]);
    case "array":
      if (schema.prefixItems) {
        // A TypeBox tuple, in the draft 7 form that TypeBox uses.
        return objectText([
          ["type", '"array"'],
          ["additionalItems", "false"],
          ["items", list(schema.prefixItems, ctx)],
          ["minItems", String(schema.prefixItems.length)],
        ]);
      }
      return objectText([
        ["type", '"array"'],
        ["items", schemaLiteral(schema.items ?? {}, ctx)],
        ...constraints,
      ]);
    case "object":
      return objectLiteral(schema, ctx);
    default:
      return "{}";
  }
}

function objectLiteral(schema: Schema, ctx: EmitContext): string {
  const values = schema.additionalProperties
    ? schemaLiteral(schema.additionalProperties, ctx)
    : undefined;
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) {
    return values === undefined || values === "{}"
      ? objectText([["type", '"object"']])
      : objectText([["type", '"object"'], ["additionalProperties", values]]);
  }
  // Like TypeBox: `required` lists the non-optional properties in property order, if any.
  const requiredSet = new Set(schema.required ?? []);
  const required = entries.filter(([key]) => requiredSet.has(key)).map(([key]) => key);
  const fields: [string, string][] = [["type", '"object"']];
  if (required.length > 0) fields.push(["required", JSON.stringify(required)]);
  fields.push([
    "properties",
    objectText(entries.map(([key, value]) => [key, schemaLiteral(value, ctx)]), true),
  ]);
  if (values) fields.push(["additionalProperties", values]);
  return objectText(fields, true);
}

/** `Type.Literal(value)`, or `Type.Null()` for `null`. */
function constLiteral(value: Literal): string {
  if (value === null) return objectText([["type", '"null"']]);
  return objectText([["type", JSON.stringify(typeof value)], ["const", JSON.stringify(value)]]);
}

function list(schemas: Schema[], ctx: EmitContext): string {
  return arrayText(schemas.map((s) => schemaLiteral(s, ctx)));
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
