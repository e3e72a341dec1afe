/**
 * Schema checks with validators compiled lazily, once per schema, on first use. Importing the
 * client compiles nothing. The schemas are plain JSON Schema, checked by TypeBox's JSON Schema
 * compiler; TypeBox's type builder is not needed at run time. Where code evaluation is not
 * allowed (TypeBox cannot accelerate), the yes-or-no check is the closure tree of
 * `schema_check.ts` instead, and TypeBox only explains failures.
 *
 * @module
 */
import { Compile, type Validator, type XSchema } from "typebox/schema";
import type { FieldIssue } from "./errors.ts";
import type { JsonSchema } from "./operation.ts";
import { compilePredicate, type Predicate } from "./schema_check.ts";

const MAX_ISSUES = 20;
const validators = new WeakMap<JsonSchema, CompiledSchema>();
let compiled = 0;

interface CompiledSchema {
  /** The fastest yes-or-no check this runtime allows. */
  check: Predicate;
  /** TypeBox's validator, which explains failures. */
  explainer: Validator;
}

/** How many validators have been compiled so far in this process; for tests of laziness. */
export function compiledValidatorCount(): number {
  return compiled;
}

function compiledFor(schema: JsonSchema): CompiledSchema {
  let entry = validators.get(schema);
  if (!entry) {
    const explainer = Compile(schema as XSchema);
    const check = explainer.IsAccelerated()
      ? (value: unknown) => explainer.Check(value)
      : compilePredicate(schema, typeboxCheck);
    entry = { check, explainer };
    compiled++;
    validators.set(schema, entry);
  }
  return entry;
}

function typeboxCheck(node: JsonSchema): Predicate {
  const validator = Compile(node as XSchema);
  return (value) => validator.Check(value);
}

/**
 * Checks `value` against `schema`. Returns no issues when it matches; otherwise up to twenty,
 * each with a dotted path under `prefix`.
 */
export function check(schema: JsonSchema, value: unknown, prefix: string): FieldIssue[] {
  const { check: matches, explainer } = compiledFor(schema);
  if (matches(value)) return [];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const [, errors] = explainer.Errors(value);
  for (const error of errors) {
    const path = joinPath(prefix, error.instancePath);
    const key = `${path}\u0000${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, message: error.message, type: error.keyword });
    if (issues.length === MAX_ISSUES) break;
  }
  if (issues.length === 0) issues.push({ path: prefix, message: "does not match the schema" });
  return issues;
}

function joinPath(prefix: string, pointer: string): string {
  const parts = pointer.split("/").slice(1).map((part) =>
    part.replace(/~1/g, "/").replace(/~0/g, "~")
  );
  return [prefix, ...parts].filter((part) => part !== "").join(".");
}
