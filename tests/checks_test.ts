/**
 * The checks compiled ahead of time (`src/*\/generated/checks.ts`) must accept exactly what
 * TypeBox's `Check` accepts, on every schema of both APIs, and the explanation of a refusal must
 * agree: it lists issues exactly when the check refuses. Values are built from each schema (most
 * valid), damaged at random places, drawn at random by fast-check, and picked from odd values.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { Compile, type XSchema } from "typebox/schema";
import { explain } from "../src/core/explain.ts";
import type { Check, JsonSchema, Operation } from "../src/core/operation.ts";
import * as checksV1 from "../src/v1/generated/checks.ts";
import * as operationsV1 from "../src/v1/generated/operations.ts";
import * as schemasV1 from "../src/v1/generated/schemas.ts";
import * as checksV2 from "../src/v2/generated/checks.ts";
import * as operationsV2 from "../src/v2/generated/operations.ts";
import * as schemasV2 from "../src/v2/generated/schemas.ts";
import { ODD_VALUES, random, sample } from "./helpers/schema_samples.ts";

/** Every schema with its compiled check: the components, and each operation's parts. */
function allChecked(): [string, JsonSchema, Check][] {
  const found: [string, JsonSchema, Check][] = [];
  const apis = [
    ["v2", schemasV2, checksV2, operationsV2],
    ["v1", schemasV1, checksV1, operationsV1],
  ] as const;
  for (const [api, schemas, checks, operations] of apis) {
    for (const [name, schema] of Object.entries(schemas)) {
      const compiled = (checks as Record<string, Check>)[name];
      assert.equal(typeof compiled, "function", `${api} ${name} has no compiled check`);
      found.push([`${api} ${name}`, schema, compiled]);
    }
    for (const [name, value] of Object.entries(operations)) {
      if (name === "routes") continue;
      const operation = value as Operation;
      const parts = [
        ["query", operation.query, operation.queryCheck],
        ["body", operation.body, operation.bodyCheck],
        ["response", operation.response, operation.responseCheck],
      ] as const;
      for (const [part, schema, compiled] of parts) {
        if (schema === undefined) continue;
        assert.equal(typeof compiled, "function", `${api} ${name}.${part} has no compiled check`);
        found.push([`${api} ${name}.${part}`, schema, compiled!]);
      }
    }
  }
  return found;
}

/** A copy of `value` with one nested value, picked at random, replaced by an odd one. */
function damaged(value: unknown, next: () => number): unknown {
  if (value === null || typeof value !== "object" || next() < 0.3) {
    return ODD_VALUES[Math.floor(next() * ODD_VALUES.length)];
  }
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return copy;
  const key = keys[Math.floor(next() * keys.length)];
  (copy as Record<string, unknown>)[key] = damaged((copy as Record<string, unknown>)[key], next);
  return copy;
}

Deno.test("compiled checks accept exactly what TypeBox accepts, on every schema", () => {
  const next = random(20261130);
  const randomValues = fc.sample(fc.anything({ withNullPrototype: true, maxDepth: 3 }), {
    seed: 1130,
    numRuns: 200,
  });
  let cases = 0;
  let accepted = 0;
  const schemas = allChecked();
  for (const [name, schema, compiled] of schemas) {
    const typebox = Compile(schema as XSchema);
    const values: unknown[] = [...ODD_VALUES, ...randomValues.slice(0, 20)];
    for (let round = 0; round < 60; round++) {
      const value = sample(schema, next);
      values.push(value, damaged(value, next));
    }
    for (const value of values) {
      const expected = typebox.Check(value);
      const shown = () => `${name}: ${Deno.inspect(value, { depth: 4 })}`;
      assert.equal(
        compiled(value),
        expected,
        `${shown()} should be ${expected ? "ok" : "refused"}`,
      );
      const issues = explain(schema, value);
      assert.equal(
        issues.length === 0,
        expected,
        `${shown()}: explained as ${JSON.stringify(issues)}`,
      );
      cases++;
      if (expected) accepted++;
    }
  }
  console.log(
    `${schemas.length} schemas, ${cases} values: ${accepted} accepted, ${cases - accepted} refused`,
  );
  assert.ok(schemas.length > 500, "both APIs' schemas are covered");
  assert.ok(accepted > cases * 0.2 && accepted < cases * 0.8, "the values mix valid and not");
});

Deno.test("refusals are explained with dotted paths, in TypeBox's words", () => {
  const page = {
    task_instances: [{ task_id: 7 }],
    total_entries: "many",
  };
  const issues = explain(schemasV2.TaskInstanceCollectionResponse, page, ["body"]);
  const paths = issues.map((issue) => `${issue.path}: ${issue.message}`);
  assert.ok(paths.includes("body.total_entries: must be integer"), paths.join("\n"));
  assert.ok(paths.includes("body.task_instances.0.task_id: must be string"), paths.join("\n"));
  assert.ok(
    paths.some((path) =>
      /^body\.task_instances\.0: must have required properties dag_id, .*\bid\b/.test(path)
    ),
    paths.join("\n"),
  );
});

Deno.test("string lengths count code points; optional properties may be undefined", () => {
  const name = checksV2.PoolBody;
  assert.equal(name({ name: "p", slots: 1, description: undefined }), true);
  const pool = Compile(schemasV2.PoolBody as XSchema);
  assert.equal(pool.Check({ name: "p", slots: 1, description: undefined }), true);
  const key = { type: "string", minLength: 2, maxLength: 2 };
  const typebox = Compile(key as XSchema);
  for (const text of ["\u{1F600}\u{1F600}", "\u{1F600}", "abc", "ab"]) {
    assert.equal(explain(key, text).length === 0, typebox.Check(text), text);
  }
});
