/**
 * The closure checks used where code evaluation is forbidden must agree with TypeBox on every
 * generated schema: values are built from each schema, then damaged at random places, and both
 * checkers judge each one.
 */
import assert from "node:assert/strict";
import { Compile, type XSchema } from "typebox/schema";
import { compilePredicate, type Predicate } from "../src/core/schema_check.ts";
import type { JsonSchema, Operation } from "../src/core/operation.ts";
import * as schemasV2 from "../src/v2/generated/schemas.ts";
import * as operationsV2 from "../src/v2/generated/operations.ts";
import * as schemasV1 from "../src/v1/generated/schemas.ts";
import * as operationsV1 from "../src/v1/generated/operations.ts";

type Node = Record<string, unknown>;

function allSchemas(): [string, JsonSchema][] {
  const named: [string, JsonSchema][] = [];
  for (const [version, module] of [["v2", schemasV2], ["v1", schemasV1]] as const) {
    for (const [name, schema] of Object.entries(module)) named.push([`${version} ${name}`, schema]);
  }
  for (const [version, module] of [["v2", operationsV2], ["v1", operationsV1]] as const) {
    for (const [name, operation] of Object.entries(module) as [string, Operation][]) {
      for (const part of ["response", "body", "query"] as const) {
        const schema = operation[part];
        if (schema) named.push([`${version} ${name}.${part}`, schema]);
      }
    }
  }
  return named;
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: unknown[] = [
  null,
  undefined,
  "",
  "x",
  "\u{1F600}\u{1F600}",
  0,
  -1,
  1.5,
  2 ** 53,
  true,
  [],
  [1],
  {},
  { nested: [null] },
];

/** A value shaped by `schema`, mostly valid, sometimes not. */
function sample(schema: unknown, next: () => number, depth = 0): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  if (next() < 0.04 || depth > 8) return pick(ODD_VALUES);
  if (schema === true || schema === undefined) return pick(ODD_VALUES);
  const node = schema as Node;
  if (Array.isArray(node.anyOf)) return sample(pick(node.anyOf), next, depth + 1);
  if ("const" in node) return node.const;
  switch (node.type) {
    case "string": {
      const length = Math.floor(next() * 6);
      return pick(["", "a", "é", "\u{1F600}"]).repeat(length);
    }
    case "integer":
      return Math.floor(next() * 20) - 3;
    case "number":
      return pick([0, 1.25, -7, 1e9, 3]);
    case "boolean":
      return next() < 0.5;
    case "null":
      return null;
    case "array": {
      if (Array.isArray(node.items)) {
        const tuple = node.items.map((item) => sample(item, next, depth + 1));
        return next() < 0.1 ? [...tuple, "extra"] : tuple;
      }
      const length = Math.floor(next() * 4);
      return Array.from({ length }, () => sample(node.items, next, depth + 1));
    }
    case "object": {
      const out: Record<string, unknown> = {};
      const required = new Set((node.required ?? []) as string[]);
      for (const [key, value] of Object.entries((node.properties ?? {}) as Node)) {
        const include = required.has(key) ? next() < 0.97 : next() < 0.6;
        if (include) out[key] = sample(value, next, depth + 1);
      }
      if (next() < 0.3) out[`extra_${Math.floor(next() * 3)}`] = pick(ODD_VALUES);
      return out;
    }
    default:
      return pick(ODD_VALUES);
  }
}

Deno.test("closure checks agree with TypeBox on every generated schema", () => {
  const next = random(20261121);
  let fallbacks = 0;
  const typeboxCheck = (node: JsonSchema): Predicate => {
    fallbacks++;
    const validator = Compile(node as XSchema);
    return (value) => validator.Check(value);
  };
  let cases = 0;
  let accepted = 0;
  for (const [name, schema] of allSchemas()) {
    const typebox = Compile(schema as XSchema);
    const closures = compilePredicate(schema, typeboxCheck);
    for (let round = 0; round < 40; round++) {
      const value = sample(schema, next);
      const expected = typebox.Check(value);
      assert.equal(
        closures(value),
        expected,
        `${name}: ${JSON.stringify(value)} should be ${expected ? "accepted" : "refused"}`,
      );
      cases++;
      if (expected) accepted++;
    }
  }
  assert.equal(fallbacks, 0, "every keyword the generator writes has a closure");
  console.log(`closure checks: ${cases} cases, ${accepted} valid, ${cases - accepted} invalid`);
  assert.ok(accepted > cases * 0.2 && accepted < cases * 0.9, "the samples mix valid and not");
});

Deno.test("closure checks hand unknown keywords to the fallback and keep them strict", () => {
  const schema = {
    type: "object",
    required: ["name"],
    properties: { name: { type: "string", pattern: "^a" }, size: { type: "integer" } },
  };
  const handed: unknown[] = [];
  const check = compilePredicate(schema, (node) => {
    handed.push(node);
    const validator = Compile(node as XSchema);
    return (value) => validator.Check(value);
  });
  assert.deepEqual(handed, [schema.properties.name]);
  assert.equal(check({ name: "abc", size: 2 }), true);
  assert.equal(check({ name: "xyz" }), false);
  assert.equal(check({ name: "abc", size: 1.5 }), false);
  assert.equal(check({ size: 1 }), false);
});

Deno.test("string lengths count code points, as TypeBox does", () => {
  const check = compilePredicate({ type: "string", minLength: 2, maxLength: 2 }, () => {
    throw new Error("no fallback expected");
  });
  assert.equal(check("\u{1F600}\u{1F600}"), true);
  assert.equal(check("\u{1F600}"), false);
  assert.equal(check("abc"), false);
});
