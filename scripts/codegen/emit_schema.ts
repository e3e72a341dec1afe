/**
 * Writes a {@link Schema} two ways: as a TypeBox expression that validates at run time, and as
 * the TypeScript type of the values it accepts.
 *
 * @module
 */
import { CONSTRAINTS, type Schema } from "./schema_ir.ts";

/** How a schema is written. */
export interface EmitContext {
  /** Prefix for component references in TypeBox code, such as `S.`; empty in the same module. */
  schemaPrefix: string;
  /** Prefix for component references in types, such as `T.`. */
  typePrefix: string;
  /** Request-side types also take `Date` where the API takes a date-time. */
  input: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as written in an object literal or type. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** The TypeBox expression for a schema. */
export function typeboxExpression(schema: Schema, ctx: EmitContext): string {
  if (schema.$ref) return `${ctx.schemaPrefix}${schema.$ref}`;
  if (schema.anyOf) {
    return `Type.Union([${schema.anyOf.map((s) => typeboxExpression(s, ctx)).join(", ")}])`;
  }
  if (schema.allOf) {
    return `Type.Intersect([${schema.allOf.map((s) => typeboxExpression(s, ctx)).join(", ")}])`;
  }
  if (schema.const !== undefined) return `Type.Literal(${JSON.stringify(schema.const)})`;
  if (schema.enum) {
    const literals = schema.enum.map((value) =>
      value === null ? "Type.Null()" : `Type.Literal(${JSON.stringify(value)})`
    );
    return literals.length === 1 ? literals[0] : `Type.Union([${literals.join(", ")}])`;
  }
  const options = constraintOptions(schema);
  switch (schema.type) {
    case "string":
      return `Type.String(${options})`;
    case "integer":
      return `Type.Integer(${options})`;
    case "number":
      return `Type.Number(${options})`;
    case "boolean":
      return "Type.Boolean()";
    case "null":
      return "Type.Null()";
    case "array":
      if (schema.prefixItems) {
        return `Type.Tuple([${
          schema.prefixItems.map((s) => typeboxExpression(s, ctx)).join(", ")
        }])`;
      }
      return `Type.Array(${typeboxExpression(schema.items ?? {}, ctx)}${
        options ? `, ${options}` : ""
      })`;
    case "object":
      return objectExpression(schema, ctx);
    default:
      return "Type.Unknown()";
  }
}

function objectExpression(schema: Schema, ctx: EmitContext): string {
  const values = schema.additionalProperties
    ? typeboxExpression(schema.additionalProperties, ctx)
    : undefined;
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) return `Type.Record(Type.String(), ${values ?? "Type.Unknown()"})`;
  const required = new Set(schema.required ?? []);
  const props = entries.map(([key, value]) => {
    const expression = typeboxExpression(value, ctx);
    return `${propertyKey(key)}: ${
      required.has(key) ? expression : `Type.Optional(${expression})`
    }`;
  });
  const options = values ? `, { additionalProperties: ${values} }` : "";
  return `Type.Object({ ${props.join(", ")} }${options})`;
}

function constraintOptions(schema: Schema): string {
  const parts = CONSTRAINTS.filter((key) => schema[key] !== undefined).map((key) =>
    `${key}: ${JSON.stringify(schema[key])}`
  );
  return parts.length > 0 ? `{ ${parts.join(", ")} }` : "";
}

/** The TypeScript type for a schema. */
export function typeExpression(schema: Schema, ctx: EmitContext): string {
  if (schema.$ref) return `${ctx.typePrefix}${schema.$ref}`;
  if (schema.anyOf) return union(schema.anyOf.map((s) => typeExpression(s, ctx)));
  if (schema.allOf) return schema.allOf.map((s) => wrap(typeExpression(s, ctx))).join(" & ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return union(schema.enum.map((value) => JSON.stringify(value)));
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
  docs?: (key: string, required: boolean) => string,
): string[] {
  const required = new Set(schema.required ?? []);
  const members = Object.entries(schema.properties ?? {}).map(([key, value]) => {
    const member = `${propertyKey(key)}${required.has(key) ? "" : "?"}: ${
      typeExpression(value, ctx)
    };`;
    return docs ? `/** ${docs(key, required.has(key))} */\n${member}` : member;
  });
  if (schema.additionalProperties) {
    const values = members.length > 0
      ? "unknown"
      : typeExpression(schema.additionalProperties, ctx);
    members.push(
      docs ? `/** Further properties. */\n[key: string]: ${values};` : `[key: string]: ${values};`,
    );
  }
  return members;
}

function objectType(schema: Schema, ctx: EmitContext): string {
  if (!schema.properties) {
    return `Record<string, ${
      schema.additionalProperties ? typeExpression(schema.additionalProperties, ctx) : "unknown"
    }>`;
  }
  return `{ ${objectMembers(schema, ctx).join(" ")} }`;
}

function union(members: string[]): string {
  return [...new Set(members)].join(" | ");
}

function wrap(type: string): string {
  return /[|&]/.test(type) ? `(${type})` : type;
}
