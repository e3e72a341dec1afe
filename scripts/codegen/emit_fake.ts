/**
 * Emits what the fake Airflow needs to play one version of a merged API: the operations each
 * version lacks, and, for the component schemas that answers carry, the properties that only
 * some versions have and the ones whose JSON type changed between versions.
 *
 * @module
 */
import { header, schemaUses } from "./emit_common.ts";
import type { Schema } from "./schema_ir.ts";
import type { ApiModel } from "./spec_model.ts";

/** What the emitter writes for one property; see `src/testing/versioned.ts`. */
interface FieldRule {
  versions?: string[];
  typeOn?: Record<string, string>;
}

const PRIMITIVES = new Set(["string", "integer", "number", "boolean"]);

/** The primitive JSON type a property schema has, if it is one plain type. */
function primitiveType(schema: Schema | undefined): string | undefined {
  return schema?.type && PRIMITIVES.has(schema.type) ? schema.type : undefined;
}

/**
 * Emits `src/testing/generated/versions.ts` from the merged model and one model per version
 * (oldest first, as `merged.versions`).
 */
export function emitFakeVersions(merged: ApiModel, single: ApiModel[], inputs: string[]): string {
  const newest = merged.versions[merged.versions.length - 1];
  const lines = [
    header(
      inputs,
      "What differs between the Airflow versions the fake plays: operations and answer fields.",
    ),
    'import type { JsonSchema } from "../../core/operation.ts";',
    'import * as S from "../../v2/generated/schemas.ts";',
    "",
    "/** The versions that lack an operation, by operation id. */",
    "export const missingOn: Readonly<Record<string, readonly string[]>> = {",
  ];
  for (const op of [...merged.operations].sort((a, b) => a.id.localeCompare(b.id))) {
    const missing = merged.versions.filter((version) => !op.versions.includes(version));
    if (missing.length > 0) lines.push(`  ${op.id}: ${JSON.stringify(missing)},`);
  }
  lines.push(
    "};",
    "",
    "/** How one property of an answer differs between versions. */",
    "export interface FieldRule {",
    "  /** The versions that have the property, when not all do. */",
    "  readonly versions?: readonly string[];",
    `  /** The JSON type it has on the versions where that differs from the newest (${newest}). */`,
    "  readonly typeOn?: Readonly<Record<string, string>>;",
    "}",
    "",
    "/** The component schemas that answers carry, with the rules of their differing properties. */",
    "export const answerFields: ReadonlyMap<JsonSchema, Readonly<Record<string, FieldRule>>> = new Map<",
    "  JsonSchema,",
    "  Readonly<Record<string, FieldRule>>",
    ">([",
  );
  const { received } = schemaUses(merged);
  for (const name of [...received].sort()) {
    const have = merged.schemaVersions.get(name) ?? [];
    const rules: Record<string, FieldRule> = {};
    for (const [property, versions] of merged.propertyVersions.get(name) ?? []) {
      const rule: FieldRule = {};
      if (versions.length < have.length) rule.versions = versions;
      const types = Object.fromEntries(
        merged.versions.map((version, index) => [
          version,
          primitiveType(single[index].schemas.get(name)?.properties?.[property]),
        ]),
      );
      const latest = types[newest];
      const typeOn = Object.entries(types).filter(([, type]) =>
        type !== undefined && latest !== undefined && type !== latest
      );
      if (typeOn.length > 0) rule.typeOn = Object.fromEntries(typeOn) as Record<string, string>;
      if (rule.versions || rule.typeOn) rules[property] = rule;
    }
    if (Object.keys(rules).length > 0) {
      lines.push(`  [S.${name}, ${JSON.stringify(rules)}],`);
    }
  }
  lines.push("]);", "");
  return lines.join("\n");
}
