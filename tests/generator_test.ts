/** The generator: schemas, merging across versions, determinism, the v2 tables and docs. */
import { CheckCompiler } from "../scripts/codegen/check_compiler.ts";
import assert from "node:assert/strict";
import { merge } from "../scripts/codegen/merge.ts";
import { normalizeSchema } from "../scripts/codegen/normalize.ts";
import { schemaLiteral, typeExpression } from "../scripts/codegen/emit_schema.ts";
import { buildModel, parseSpec } from "../scripts/codegen/spec_model.ts";
import { CORRECTIONS_FILE, generateAll, render, TARGETS } from "../scripts/generate.ts";
import * as operations from "../src/v2/generated/operations.ts";
import { V2_NAMES } from "../scripts/codegen/names_v2.ts";
import type { Schema } from "../scripts/codegen/schema_ir.ts";
import { Type } from "typebox";
import { Compile, type XSchema } from "typebox/schema";

const CTX = { schemaPrefix: "", typePrefix: "", input: false };

Deno.test("nullable is honoured everywhere, beside a $ref too; 3.1 keywords are kept", () => {
  assert.deepEqual(
    normalizeSchema({ $ref: "#/components/schemas/DagVersionResponse", nullable: true }),
    { anyOf: [{ $ref: "DagVersionResponse" }, { type: "null" }] },
  );
  assert.deepEqual(
    normalizeSchema({ type: "string", nullable: true, title: "T", description: "d" }),
    {
      anyOf: [{ type: "string" }, { type: "null" }],
    },
  );
  assert.deepEqual(normalizeSchema({ type: ["integer", "null"] }), {
    anyOf: [{ type: "integer" }, { type: "null" }],
  });
  assert.deepEqual(normalizeSchema({ const: "~", type: "string" }), { type: "string", const: "~" });
  const tuple = normalizeSchema({
    type: "array",
    prefixItems: [{ type: "string" }, { type: "integer" }],
  });
  assert.equal(typeExpression(tuple, CTX), "[string, number]");
  assert.equal(
    schemaLiteral(tuple, CTX),
    '{ type: "array", additionalItems: false, items: [{ type: "string" }, { type: "integer" }], minItems: 2 }',
  );
  assert.equal(
    typeExpression(normalizeSchema({ type: "string", format: "date-time" }), {
      ...CTX,
      input: true,
    }),
    "string | Date",
  );
});

/** The value of an emitted object literal, evaluated as a module. */
async function evaluate(text: string): Promise<unknown> {
  const source = `export default ${text};`;
  return (await import(`data:text/javascript,${encodeURIComponent(source)}`)).default;
}

Deno.test("run-time schemas are the JSON Schema TypeBox's builders give, key order included", async () => {
  const cases: [Schema, unknown][] = [
    [{}, Type.Unknown()],
    [{ type: "boolean" }, Type.Boolean()],
    [{ type: "null" }, Type.Null()],
    [{ type: "string", minLength: 1 }, Type.String({ minLength: 1 })],
    [{ type: "integer", minimum: 0 }, Type.Integer({ minimum: 0 })],
    [{ type: "number", exclusiveMaximum: 5 }, Type.Number({ exclusiveMaximum: 5 })],
    [{ type: "string", const: "~" }, Type.Literal("~")],
    [{ const: 3 }, Type.Literal(3)],
    [
      { enum: ["a", 1, true, null] },
      Type.Union([Type.Literal("a"), Type.Literal(1), Type.Literal(true), Type.Null()]),
    ],
    [{ enum: ["only"] }, Type.Literal("only")],
    [
      { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
      Type.Array(Type.String(), { minItems: 1, maxItems: 3 }),
    ],
    [{ type: "array" }, Type.Array(Type.Unknown())],
    [
      { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }] },
      Type.Tuple([Type.String(), Type.Integer()]),
    ],
    [
      {
        type: "object",
        properties: { b: { type: "integer" }, a: { type: "string" }, "x-y": {} },
        required: ["a", "b"],
        additionalProperties: { type: "boolean" },
      },
      Type.Object(
        { b: Type.Integer(), a: Type.String(), "x-y": Type.Optional(Type.Unknown()) },
        { additionalProperties: Type.Boolean() },
      ),
    ],
    [
      { type: "object", properties: { a: { type: "string" } } },
      Type.Object({ a: Type.Optional(Type.String()) }),
    ],
    [
      { anyOf: [{ type: "string" }, { type: "null" }] },
      Type.Union([Type.String(), Type.Null()]),
    ],
    [
      { allOf: [{ type: "object", properties: { a: { type: "string" } }, required: ["a"] }] },
      Type.Intersect([Type.Object({ a: Type.String() })]),
    ],
  ];
  for (const [schema, expected] of cases) {
    const text = schemaLiteral(schema, CTX);
    assert.doesNotMatch(text, /Type\./);
    assert.equal(JSON.stringify(await evaluate(text)), JSON.stringify(expected), text);
  }
  assert.equal(
    schemaLiteral({ $ref: "DAGRunResponse" }, { ...CTX, schemaPrefix: "S." }),
    "S.DAGRunResponse",
  );
  assert.equal(
    schemaLiteral({ type: "array", items: { $ref: "AssetAliasResponse" } }, CTX),
    '{ type: "array", items: AssetAliasResponse }',
  );
});

Deno.test("open maps are plain objects that accept what TypeBox's Record accepts", async () => {
  const values = [{}, { a: 1 }, { a: "x" }, { a: 1, b: null }, [], null, "text", 3];
  const cases: [Schema, string, unknown][] = [
    [{ type: "object" }, '{ type: "object" }', Type.Record(Type.String(), Type.Unknown())],
    [
      { type: "object", additionalProperties: { type: "integer" } },
      '{ type: "object", additionalProperties: { type: "integer" } }',
      Type.Record(Type.String(), Type.Integer()),
    ],
  ];
  for (const [schema, literal, record] of cases) {
    const text = schemaLiteral(schema, CTX);
    assert.equal(text, literal);
    const ours = Compile(await evaluate(text) as XSchema);
    const typebox = Compile(record as XSchema);
    for (const value of values) {
      assert.equal(ours.Check(value), typebox.Check(value), `${text} on ${JSON.stringify(value)}`);
    }
  }
});

Deno.test("generated run-time modules are plain data: no TypeBox, no builder calls", async () => {
  for (const name of ["schemas.ts", "operations.ts"]) {
    const text = await Deno.readTextFile(new URL(`../src/v2/generated/${name}`, import.meta.url));
    assert.doesNotMatch(text, /from "typebox/, name);
    assert.doesNotMatch(text, /\bType\.|@__PURE__/, name);
  }
  const schemas = await Deno.readTextFile(
    new URL("../src/v2/generated/schemas.ts", import.meta.url),
  );
  assert.match(schemas, /export const AssetAliasCollectionResponse: JsonSchema = \{/);
  assert.match(schemas, /asset_aliases: \{ type: "array", items: AssetAliasResponse \}/);
  const operations = await Deno.readTextFile(
    new URL("../src/v2/generated/operations.ts", import.meta.url),
  );
  assert.match(operations, /response: S\.DAGRunResponse,/);
});

Deno.test("merging: required only where every version requires; enums and properties are unions", () => {
  const v30 = normalizeSchema({
    type: "object",
    properties: { a: { type: "string" }, b: { type: "integer" }, state: { enum: ["queued"] } },
    required: ["a", "b"],
  });
  const v32 = normalizeSchema({
    type: "object",
    properties: { a: { type: "string" }, c: { type: "boolean" }, state: { enum: ["running"] } },
    required: ["a", "c"],
  });
  const merged = merge(v30, v32);
  assert.deepEqual(Object.keys(merged.properties!), ["a", "b", "c", "state"]);
  assert.deepEqual(merged.required, ["a"]);
  assert.deepEqual(merged.properties!.state.enum, ["queued", "running"]);
  assert.deepEqual(
    merge(
      normalizeSchema({ type: "string" }),
      normalizeSchema({ type: "array", items: { type: "string" } }),
    ),
    { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
  );
});

Deno.test("operations are merged across versions with the versions that have them", () => {
  const spec = (version: string, extra: string) =>
    parseSpec(
      version,
      `
openapi: 3.1.0
paths:
  /api/v2/things/{id}:
    get:
      operationId: get_thing
      security: [{ HTTPBearer: [] }]
      parameters:
        - { in: path, name: id, required: true, schema: { type: string } }
        - { in: query, name: flag, required: true, schema: { type: boolean } }
      responses:
        "200":
          content: { application/json: { schema: { $ref: "#/components/schemas/Thing" } } }
${extra}
components:
  schemas:
    Thing: { type: object, properties: { id: { type: string } }, required: [id] }
`,
    );
  const model = buildModel([
    spec("3.0.2", ""),
    spec(
      "3.1.8",
      `  /api/v2/version:\n    get:\n      operationId: get_version\n      responses: { "200": { description: ok } }`,
    ),
  ]);
  assert.deepEqual(model.operations.map((op) => [op.id, op.versions, op.secured]), [
    ["get_thing", ["3.0.2", "3.1.8"], true],
    ["get_version", ["3.1.8"], false],
  ]);
  assert.equal(model.operations[0].params.find((p) => p.name === "flag")!.required, true);
});

Deno.test("the generated table covers all 111 operations of the three v2 specs", () => {
  const routes = Object.keys(operations.routes);
  assert.equal(routes.length, 111);
  assert.equal(Object.keys(V2_NAMES).length, 111);
  const ids = new Set(Object.values(operations.routes).map((op) => op.id));
  assert.deepEqual([...ids].sort(), Object.keys(V2_NAMES).sort());
  assert.ok(routes.includes("GET /api/v2/dagReports"), "the 3.0-only operation is there");
});

Deno.test("docs/API.md lists each operation on its own row: method, path, operationId, call", async () => {
  const doc = await Deno.readTextFile(new URL("../docs/API.md", import.meta.url));
  const rows = doc.split("\n").filter((line) => /^\| (GET|POST|PUT|PATCH|DELETE) +\|/.test(line));
  assert.equal(rows.length, 111);
  for (const [route, operation] of Object.entries(operations.routes)) {
    const [method, path] = route.split(" ");
    const call = V2_NAMES[operation.id];
    const row = rows.find((line) =>
      line.includes(`\`${path}\``) && line.split("|")[1].trim() === method
    );
    assert.ok(row, `no row for ${route}`);
    assert.ok(row.includes(`\`${operation.id}\``), row);
    assert.ok(row.includes(`airflow.${call}(`), row);
  }
});

Deno.test("generation is deterministic and the committed files are what the specs give", async () => {
  const inputsOf = new Map<string, string>();
  for (const target of TARGETS) {
    const first = render(target, Deno.readTextFileSync);
    const second = render(target, Deno.readTextFileSync);
    assert.deepEqual([...first], [...second]);
    const inputs = [
      ...target.specs.map((spec) => spec.file.replace(/^\.\.\/shared\//, "shared/")),
      CORRECTIONS_FILE,
    ];
    for (const path of first.keys()) inputsOf.set(path, inputs.join(", "));
  }
  assert.deepEqual(TARGETS.map((target) => target.outDir), [
    "src/v2/generated",
    "src/v1/generated",
  ]);
  const formatted = await generateAll();
  assert.deepEqual([...formatted.keys()].sort(), [...inputsOf.keys()].sort());
  for (const [path, text] of formatted) {
    assert.equal(await Deno.readTextFile(path), text, `${path} is stale: run deno task generate`);
    assert.ok(text.includes(`Generated by scripts/generate.ts from ${inputsOf.get(path)}.`), path);
  }
});

Deno.test("the check compiler refuses keywords it has no check for", () => {
  const compiler = new CheckCompiler(new Map());
  assert.throws(() => compiler.functionBody({ type: "string", pattern: "^a" }), /pattern/);
  assert.throws(() => compiler.functionBody({ type: "date" }), /no check for type "date"/);
  assert.deepEqual(compiler.functionBody({ type: "string" }), ["return isString(v);"]);
});
