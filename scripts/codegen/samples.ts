/**
 * Sample arguments for generated examples: the smallest value a schema accepts (required
 * properties only), as TypeScript source, so that every example compiles and would pass the
 * client's checks.
 *
 * @module
 */
import { SAMPLE_VALUES } from "./naming.ts";
import type { Schema } from "./schema_ir.ts";

const MAX_DEPTH = 6;

/** A literal that `schema` accepts; `name` is the property it is for, to pick a telling string. */
export function sampleLiteral(
  schema: Schema,
  schemas: Map<string, Schema>,
  name = "",
  depth = 0,
): string {
  if (schema.$ref) return sampleLiteral(schemas.get(schema.$ref)!, schemas, name, depth);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return JSON.stringify(schema.enum.find((value) => value !== null) ?? null);
  if (schema.anyOf) {
    const variant = schema.anyOf.find((item) => item.type !== "null") ?? schema.anyOf[0];
    return sampleLiteral(variant, schemas, name, depth);
  }
  if (schema.allOf) return sampleLiteral(schema.allOf[0], schemas, name, depth);
  switch (schema.type) {
    case "string":
      return JSON.stringify(sampleString(schema, name));
    case "integer":
    case "number":
      return String(Math.max(schema.minimum ?? 1, 1));
    case "boolean":
      return "true";
    case "null":
      return "null";
    case "array": {
      if (schema.prefixItems) {
        const items = schema.prefixItems.map((item) =>
          sampleLiteral(item, schemas, name, depth + 1)
        );
        return `[${items.join(", ")}]`;
      }
      if ((schema.minItems ?? 0) === 0 || depth >= MAX_DEPTH) return "[]";
      return `[${sampleLiteral(schema.items ?? {}, schemas, name, depth + 1)}]`;
    }
    case "object": {
      const required = schema.required ?? [];
      if (required.length === 0 || depth >= MAX_DEPTH) return "{}";
      const members = required.map((key) =>
        `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${
          sampleLiteral(schema.properties?.[key] ?? {}, schemas, key, depth + 1)
        }`
      );
      return `{ ${members.join(", ")} }`;
    }
    default:
      return "{}";
  }
}

function sampleString(schema: Schema, name: string): string {
  if (schema.format === "date-time") return "2026-11-20T10:00:00Z";
  if (schema.format === "date") return "2026-11-20";
  const known = SAMPLE_VALUES[name];
  const text = typeof known === "string" ? known : name || "text";
  return text.padEnd(schema.minLength ?? 0, "x").slice(0, schema.maxLength ?? Infinity);
}
