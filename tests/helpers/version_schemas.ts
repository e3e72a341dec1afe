/**
 * The response schemas of one Airflow version, read from its spec (with the corrections the
 * client applies) and made strict: objects take no property the version does not list (unless
 * the spec leaves them open), and enums take only the version's members. The fake's answers
 * are checked against these, so a field or value from another version fails.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { applyCorrections, parseCorrections } from "../../scripts/codegen/corrections.ts";
import { buildModel, parseSpec } from "../../scripts/codegen/spec_model.ts";
import { inlineRefs, type Schema } from "../../scripts/codegen/schema_ir.ts";
import type { JsonSchema } from "../../src/core/operation.ts";

const ROOT = new URL("../../", import.meta.url);

/** The spec file of each version, and the API's path prefix. */
const SPECS: Record<string, string> = {
  "3.0.2": "../shared/openapi/airflow-3.0.2-api-v2.yaml",
  "3.1.8": "../shared/openapi/airflow-3.1.8-api-v2.yaml",
  "3.2.1": "../shared/openapi/airflow-3.2.1-api-v2.yaml",
  "2.10.0": "../shared/openapi/airflow-2.10.0-api-v1.yaml",
};

/** Operation id → strict response schema, for one version. */
export type VersionSchemas = Map<string, JsonSchema>;

const cache = new Map<string, VersionSchemas>();

/** The strict response schemas of `version`, by operation id. */
export function versionSchemas(version: string): VersionSchemas {
  const known = cache.get(version);
  if (known) return known;
  const text = Deno.readTextFileSync(new URL(SPECS[version], ROOT));
  const source = parseSpec(version, text);
  const api = version.startsWith("2.") ? "v1" : "v2";
  const corrections = parseCorrections(
    Deno.readTextFileSync(new URL("scripts/codegen/spec_corrections.yaml", ROOT)),
  );
  const model = buildModel([source], applyCorrections(corrections, api, [source.document]));
  const raw = parseYaml(text) as { components?: { schemas?: Record<string, unknown> } };
  const open = new Set(
    Object.entries(raw.components?.schemas ?? {}).filter(([, schema]) =>
      (schema as { additionalProperties?: unknown }).additionalProperties === true
    ).map(([name]) => name),
  );
  const closed = new Map<string, Schema>();
  for (const [name, schema] of model.schemas) {
    closed.set(name, open.has(name) ? schema : { ...schema, closed: true } as Schema);
  }
  const schemas: VersionSchemas = new Map();
  for (const op of model.operations) {
    if (op.response) schemas.set(op.id, toJsonSchema(inlineRefs(op.response, closed)));
  }
  cache.set(version, schemas);
  return schemas;
}

/** The IR as JSON Schema that TypeBox checks: annotations dropped, marked objects closed. */
function toJsonSchema(schema: Schema & { closed?: boolean }): JsonSchema {
  const out: Record<string, unknown> = {};
  if (schema.type) out.type = schema.type;
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, toJsonSchema(value)]),
    );
    if (schema.closed && !schema.additionalProperties) out.additionalProperties = false;
  }
  if (schema.required) out.required = schema.required;
  if (schema.additionalProperties) {
    out.additionalProperties = toJsonSchema(schema.additionalProperties);
  }
  if (schema.items) out.items = toJsonSchema(schema.items);
  if (schema.prefixItems) out.prefixItems = schema.prefixItems.map(toJsonSchema);
  if (schema.enum) out.enum = schema.enum;
  if (schema.const !== undefined) out.const = schema.const;
  if (schema.anyOf) out.anyOf = schema.anyOf.map(toJsonSchema);
  if (schema.allOf) out.allOf = schema.allOf.map(toJsonSchema);
  for (const key of ["minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"]) {
    const value = (schema as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
