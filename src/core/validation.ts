/**
 * Schema checks: a check compiled ahead of time answers whether a value matches (the generated
 * `checks.ts` of each API), and only when it does not is the schema walked to say why, with a
 * dotted path to each mismatch. Nothing is compiled, or evaluated, at run time.
 *
 * @module
 */
import type { FieldIssue } from "./errors.ts";
import { explain } from "./explain.ts";
import type { Check, JsonSchema } from "./operation.ts";

const MAX_ISSUES = 20;

/**
 * Checks `value` against `schema`, with `compiled` when there is one. Returns no issues when it
 * matches; otherwise up to twenty, each with a dotted path under `prefix`.
 */
export function check(
  schema: JsonSchema,
  value: unknown,
  prefix: string,
  compiled?: Check,
): FieldIssue[] {
  if (compiled?.(value)) return [];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const issue of explain(schema, value, prefix ? [prefix] : [])) {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
    if (issues.length === MAX_ISSUES) break;
  }
  if (issues.length === 0 && compiled) {
    issues.push({ path: prefix, message: "does not match the schema" });
  }
  return issues;
}
