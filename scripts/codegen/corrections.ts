/**
 * Reads `spec_corrections.yaml`, the list of places where real Airflow differs from its
 * published specs, and applies it: property fixes are written into each raw spec document
 * before anything else reads it, so that merging and emitting treat them as the spec; the values
 * the client sends for omitted properties, and the open-enum rule, go to the emitters.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import type { Literal } from "./schema_ir.ts";

// deno-lint-ignore no-explicit-any
type Raw = Record<string, any>;

/** A correction of one property of one component schema. */
export interface PropertyCorrection {
  /** The API it applies to: `v1`, `v2` or `all`. */
  api: string;
  fix: "required" | "nullable" | "schema";
  /** The component schema, such as `TriggerDAGRunPostBody`. */
  component: string;
  property: string;
  /** With `required`: the value the client sends when the caller leaves the property out. */
  send?: Literal;
  /** With `schema`: the property's schema, in OpenAPI form. */
  schema?: Raw;
  /**
   * `client`: the fix narrows what the client sends; the server takes what the spec says, so
   * the fake Airflow does too.
   */
  scope?: "client";
  /** What the server does, in a sentence or two. */
  why: string;
  /** The Airflow source file that shows it. */
  source: string;
}

/** A rule for every schema of an API. */
export interface RuleCorrection {
  api: string;
  fix: "open-enums";
  why: string;
  source: string;
}

/** One entry of the corrections file. */
export type Correction = PropertyCorrection | RuleCorrection;

/** What the emitters need to know of the corrections of one API. */
export interface CorrectionEffects {
  /** Component → property → the value sent when the caller gives none. */
  clientDefaults: Map<string, Record<string, Literal>>;
  /** Whether string enums in answers accept any string. */
  openEnums: boolean;
}

const PROPERTY_FIXES = new Set(["required", "nullable", "schema"]);

/** Parses and checks the text of a corrections file. */
export function parseCorrections(text: string): Correction[] {
  const entries = parseYaml(text) as unknown;
  if (!Array.isArray(entries)) throw new Error("spec corrections: expected a list of entries");
  return entries.map((entry: Raw, index) => {
    const where = `spec corrections, entry ${index + 1}`;
    for (const key of ["api", "fix", "why", "source"]) {
      if (typeof entry?.[key] !== "string" || entry[key].length === 0) {
        throw new Error(`${where}: \`${key}\` is required`);
      }
    }
    if (entry.fix === "open-enums") return entry as RuleCorrection;
    if (!PROPERTY_FIXES.has(entry.fix)) throw new Error(`${where}: unknown fix ${entry.fix}`);
    if (typeof entry.component !== "string" || typeof entry.property !== "string") {
      throw new Error(`${where}: \`component\` and \`property\` are required`);
    }
    if ("send" in entry && entry.fix !== "required") {
      throw new Error(`${where}: \`send\` goes with fix \`required\` only`);
    }
    if (entry.scope !== undefined && entry.scope !== "client") {
      throw new Error(`${where}: scope must be \`client\` or left out`);
    }
    const hasSchema = entry.schema !== null && typeof entry.schema === "object";
    if (hasSchema !== (entry.fix === "schema")) {
      throw new Error(`${where}: \`schema\` goes with fix \`schema\`, which needs it`);
    }
    return entry as PropertyCorrection;
  });
}

/**
 * Applies the corrections for `api` to its raw spec documents, in place, and returns what the
 * emitters need. For `side: "server"`, the fixes scoped to the client are left out: the
 * documents then describe what the server takes. Throws when a property correction matches
 * nothing, so a stale entry is noticed.
 */
export function applyCorrections(
  corrections: Correction[],
  api: string,
  documents: Raw[],
  side: "client" | "server" = "client",
): CorrectionEffects {
  const effects: CorrectionEffects = { clientDefaults: new Map(), openEnums: false };
  for (const correction of corrections) {
    if (correction.api !== api && correction.api !== "all") continue;
    if (side === "server" && "scope" in correction && correction.scope === "client") continue;
    if (correction.fix === "open-enums") {
      effects.openEnums = true;
      continue;
    }
    const { component, property } = correction;
    const owners = documents.map((document) => document.components?.schemas?.[component])
      .filter((schema: Raw | undefined) => schema?.properties?.[property] !== undefined);
    if (owners.length === 0) {
      throw new Error(`spec corrections: no ${api} spec has ${component}.${property}`);
    }
    for (const owner of owners) fixProperty(owner, correction);
    if (correction.fix === "required" && "send" in correction) {
      const defaults = effects.clientDefaults.get(component) ?? {};
      defaults[property] = correction.send ?? null;
      effects.clientDefaults.set(component, defaults);
    }
  }
  return effects;
}

function fixProperty(owner: Raw, correction: PropertyCorrection): void {
  const { property } = correction;
  switch (correction.fix) {
    case "required":
      owner.required = [...new Set([...(owner.required ?? []), property])];
      break;
    case "nullable":
      owner.properties[property] = { ...owner.properties[property], nullable: true };
      break;
    case "schema":
      owner.properties[property] = structuredClone(correction.schema);
      break;
  }
}
