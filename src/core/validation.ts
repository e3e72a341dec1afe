/**
 * Schema checks with validators compiled lazily, once per schema, on first use. Importing the
 * client compiles nothing. The schemas are plain JSON Schema, checked by TypeBox's JSON Schema
 * compiler; TypeBox's type builder is not needed at run time.
 *
 * @module
 */
import { Compile, type Validator, type XSchema } from "typebox/schema";
import type { FieldIssue } from "./errors.ts";
import type { JsonSchema } from "./operation.ts";

const MAX_ISSUES = 20;
const validators = new WeakMap<JsonSchema, Validator>();
let compiled = 0;

/** How many validators have been compiled so far in this process; for tests of laziness. */
export function compiledValidatorCount(): number {
  return compiled;
}

function validatorFor(schema: JsonSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema as XSchema);
    compiled++;
    validators.set(schema, validator);
  }
  return validator;
}

/**
 * Checks `value` against `schema`. Returns no issues when it matches; otherwise up to twenty,
 * each with a dotted path under `prefix`.
 */
export function check(schema: JsonSchema, value: unknown, prefix: string): FieldIssue[] {
  const validator = validatorFor(schema);
  if (validator.Check(value)) return [];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const [, errors] = validator.Errors(value);
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
