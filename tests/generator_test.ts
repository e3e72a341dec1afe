import assert from "node:assert/strict";
import { merge } from "../scripts/codegen/merge.ts";
import { normalizeSchema } from "../scripts/codegen/normalize.ts";
import { typeboxExpression, typeExpression } from "../scripts/codegen/emit_schema.ts";
import { buildModel, parseSpec } from "../scripts/codegen/spec_model.ts";
import { generateAll, render, TARGETS } from "../scripts/generate.ts";
import { operations } from "../mod.ts";
import { V2_NAMES } from "../scripts/codegen/names_v2.ts";

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
  assert.equal(typeboxExpression(tuple, CTX), "Type.Tuple([Type.String(), Type.Integer()])");
  assert.equal(
    typeExpression(normalizeSchema({ type: "string", format: "date-time" }), {
      ...CTX,
      input: true,
    }),
    "string | Date",
  );
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
  const first = render(TARGETS[0], Deno.readTextFileSync);
  const second = render(TARGETS[0], Deno.readTextFileSync);
  assert.deepEqual([...first], [...second]);
  const formatted = await generateAll();
  for (const [path, text] of formatted) {
    assert.equal(await Deno.readTextFile(path), text, `${path} is stale: run deno task generate`);
    assert.match(text, /Generated by scripts\/generate\.ts from shared\/openapi\/airflow-3\.0\.2/);
  }
});
