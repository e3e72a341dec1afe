import assert from "node:assert/strict";
import { applyCorrections, parseCorrections } from "../scripts/codegen/corrections.ts";
import { merge } from "../scripts/codegen/merge.ts";
import { normalizeSchema } from "../scripts/codegen/normalize.ts";
import { schemaLiteral, typeExpression } from "../scripts/codegen/emit_schema.ts";
import { buildModel, parseSpec } from "../scripts/codegen/spec_model.ts";
import { planOperations } from "../scripts/codegen/operation_plan.ts";
import { emitTypes } from "../scripts/codegen/emit_types.ts";
import { CORRECTIONS_FILE, generateAll, render, TARGETS } from "../scripts/generate.ts";
import * as operations from "../src/v2/generated/operations.ts";
import { V1_NAMES } from "../scripts/codegen/names_v1.ts";
import { V2_NAMES } from "../scripts/codegen/names_v2.ts";
import * as v1 from "../src/v1/generated/operations.ts";
import * as v2Schemas from "../src/v2/generated/schemas.ts";
import { check } from "../src/core/validation.ts";
import { serverBodies } from "../src/testing/generated/server_bodies.ts";
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

/** A model from one spec written as an object (JSON is YAML). */
function model(document: Record<string, unknown>, version = "2.10.0") {
  return buildModel([parseSpec(version, JSON.stringify({ openapi: "3.0.3", ...document }))]);
}

const ok = (schema: unknown) => ({
  description: "ok",
  content: { "application/json": { schema } },
});
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

Deno.test("v1: paths get the server path in front; $ref'd parameters and responses resolve", () => {
  const spec = (servers: unknown) => ({
    ...(servers ? { servers } : {}),
    paths: {
      "/dags/{dag_id}": {
        get: {
          operationId: "get_dag",
          parameters: [{ $ref: "#/components/parameters/DAGID" }],
          responses: { "200": { $ref: "#/components/responses/DAG" } },
        },
      },
    },
    components: {
      parameters: {
        DAGID: { in: "path", name: "dag_id", required: true, schema: { type: "string" } },
      },
      responses: { DAG: ok(ref("DAG")) },
      schemas: { DAG: { type: "object", properties: { dag_id: { type: "string" } } } },
    },
  });
  const relative = model(spec([{ url: "/api/v1" }]));
  assert.equal(relative.pathPrefix, "/api/v1");
  assert.equal(relative.operations[0].path, "/api/v1/dags/{dag_id}");
  assert.deepEqual(relative.operations[0].params.map((p) => [p.in, p.name, p.required]), [
    ["path", "dag_id", true],
  ]);
  assert.deepEqual(relative.operations[0].response, { $ref: "DAG" });
  assert.equal(relative.operations[0].responseKind, "json");
  const absolute = model(spec([{ url: "https://airflow.example.com/api/v1/" }]));
  assert.equal(absolute.operations[0].path, "/api/v1/dags/{dag_id}");
  const none = model(spec(undefined));
  assert.equal(none.pathPrefix, "");
  assert.equal(none.operations[0].path, "/dags/{dag_id}");
  assert.throws(() => model(spec([{ url: "/api/v1" }, { url: "/api/v2" }])), /servers disagree/);
});

Deno.test("v1: allOf of objects is merged into one object, so collections page like v2's", () => {
  const built = model({
    paths: {
      "/things": {
        get: {
          operationId: "get_things",
          parameters: [
            { in: "query", name: "limit", schema: { type: "integer" } },
            { in: "query", name: "offset", schema: { type: "integer" } },
          ],
          responses: { "200": ok(ref("ThingCollection")) },
        },
      },
      "/things/{id}": {
        get: {
          operationId: "get_thing",
          parameters: [{ in: "path", name: "id", required: true, schema: { type: "integer" } }],
          responses: { "200": ok(ref("ThingDetail")) },
        },
      },
    },
    components: {
      schemas: {
        CollectionInfo: { type: "object", properties: { total_entries: { type: "integer" } } },
        Thing: {
          type: "object",
          properties: { id: { type: "integer" }, name: { type: "string" } },
          required: ["id"],
        },
        ThingCollection: {
          type: "object",
          allOf: [
            { type: "object", properties: { things: { type: "array", items: ref("Thing") } } },
            ref("CollectionInfo"),
          ],
        },
        ThingDetail: {
          allOf: [ref("Thing"), {
            type: "object",
            properties: { name: { type: "string" }, id: { minimum: 1, type: "integer" } },
            required: ["name"],
          }],
        },
        MaybeThing: { allOf: [ref("Nullable"), ref("Thing")] },
        Nullable: { type: "object", nullable: true, properties: { x: { type: "string" } } },
      },
    },
  });
  assert.deepEqual(built.schemas.get("ThingCollection"), {
    type: "object",
    properties: {
      things: { type: "array", items: { $ref: "Thing" } },
      total_entries: { type: "integer" },
    },
  });
  assert.deepEqual(built.schemas.get("ThingDetail"), {
    type: "object",
    properties: {
      id: { allOf: [{ type: "integer" }, { type: "integer", minimum: 1 }] },
      name: { type: "string" },
    },
    required: ["id", "name"],
  });
  assert.deepEqual(
    built.propertyVersions.get("ThingCollection"),
    new Map([
      ["things", ["2.10.0"]],
      ["total_entries", ["2.10.0"]],
    ]),
  );
  // A nullable part is not a plain object: that allOf stays, and its type is an intersection.
  assert.deepEqual(built.schemas.get("MaybeThing"), {
    allOf: [{ $ref: "Nullable" }, { $ref: "Thing" }],
  });
  const plans = planOperations(built.operations, {
    get_things: "things.list",
    get_thing: "things.get",
  }, built.schemas);
  assert.deepEqual(plans.map((plan) => plan.page), [
    { items: "things", itemSchema: { $ref: "Thing" }, required: false },
    undefined,
  ]);
});

Deno.test("v1: readOnly is not required in requests, writeOnly not in responses", () => {
  const flagged = {
    type: "object",
    properties: {
      id: { type: "integer", readOnly: true },
      state: ref("State"),
      password: { type: "string", writeOnly: true },
      name: { type: "string" },
    },
    required: ["id", "name", "password", "state"],
  };
  const built = model({
    paths: {
      "/both": {
        post: {
          operationId: "post_both",
          requestBody: { required: true, content: { "application/json": { schema: ref("Both") } } },
          responses: { "200": ok(ref("Both")) },
        },
      },
      "/sent": {
        post: {
          operationId: "post_sent",
          requestBody: { content: { "application/json": { schema: ref("Sent") } } },
          responses: { "200": ok(ref("Received")) },
        },
      },
    },
    components: {
      schemas: {
        State: { type: "string", enum: ["queued", "running"], readOnly: true },
        Both: flagged,
        Sent: flagged,
        Received: flagged,
      },
    },
  });
  assert.deepEqual(built.schemas.get("Both")!.required, ["name"]);
  assert.deepEqual(built.schemas.get("Sent")!.required, ["name", "password"]);
  assert.deepEqual(built.schemas.get("Received")!.required, ["id", "name", "state"]);
  assert.deepEqual(built.schemas.get("Both")!.readOnly, ["id", "state"], "State is read-only");
  const plans = planOperations(built.operations, {
    post_both: "things.both",
    post_sent: "things.sent",
  }, built.schemas);
  const types = emitTypes(built, plans, ["spec.yaml"]);
  const both = types.slice(types.indexOf("export interface Both"));
  assert.match(both, /Read-only: leave it out of requests\. \*\/\nid\?: number;/);
  assert.match(both, /Write-only: responses leave it out\. \*\/\npassword\?: string;/);
  assert.match(both, /\/\*\* Always present\. \*\/\nname: string;/);
});

Deno.test("v1: credentials follow the document's security when it names declared schemes", () => {
  const spec = (security: unknown, schemes: string[], opSecurity?: unknown) => ({
    security,
    paths: {
      "/version": {
        get: {
          operationId: "get_version",
          ...(opSecurity ? { security: opSecurity } : {}),
          responses: { "200": ok({ type: "object" }) },
        },
      },
    },
    components: {
      securitySchemes: Object.fromEntries(
        schemes.map((name) => [name, { type: "http", scheme: "basic" }]),
      ),
    },
  });
  const secured = (document: Record<string, unknown>) => model(document).operations[0].secured;
  assert.equal(secured(spec([{ Basic: [] }, { GoogleOpenID: [] }], ["Basic"])), true);
  assert.equal(secured(spec([{ Basic: [] }], ["OAuth2PasswordBearer"])), false, "undeclared");
  assert.equal(secured(spec([{ Basic: [] }], ["Basic"], [])), false, "public operation");
  assert.equal(secured(spec(undefined, [], [{ HTTPBearer: [] }])), true, "its own requirement");
  assert.ok(Object.values(v1.routes).every((operation) => operation.auth));
  assert.equal(operations.routes["GET /api/v2/version"].auth, false);
});

Deno.test("v1: content types: JSON wins, text alone is text, no body is none, forms are refused", () => {
  const spec = (requestBody: unknown, content: unknown, status = "200") => ({
    paths: {
      "/x": {
        post: {
          operationId: "post_x",
          ...(requestBody ? { requestBody } : {}),
          responses: { [status]: { description: "d", ...(content ? { content } : {}) } },
        },
      },
    },
  });
  const json = { schema: { type: "object", properties: { content: { type: "string" } } } };
  const text = { schema: { type: "string" } };
  const op = (document: Record<string, unknown>) => model(document).operations[0];
  assert.equal(
    op(spec(undefined, { "application/json": json, "text/plain": text })).responseKind,
    "json",
  );
  assert.equal(op(spec(undefined, { "text/plain": text })).responseKind, "text");
  assert.equal(op(spec(undefined, { "plain/text": text })).responseKind, "text");
  assert.equal(op(spec(undefined, undefined, "204")).responseKind, "none");
  assert.deepEqual(
    op(spec({ content: { "application/merge-patch+json": json } }, undefined)).body,
    { schema: { type: "object", properties: { content: { type: "string" } } }, required: false },
  );
  assert.throws(
    () => op(spec({ content: { "application/x-www-form-urlencoded": json } }, undefined)),
    /post_x: request body of application\/x-www-form-urlencoded is not supported/,
  );
  assert.throws(
    () => op(spec(undefined, { "application/octet-stream": text })),
    /post_x: a response of application\/octet-stream is not supported/,
  );
});

Deno.test("v1: a nullable enum listing null has null once; `datetime` means date-time", () => {
  const state = normalizeSchema({
    type: "string",
    nullable: true,
    enum: [null, "success", "failed"],
  });
  assert.equal(typeExpression(state, CTX), 'null | "success" | "failed"');
  assert.equal(
    typeExpression(normalizeSchema({ type: "string", format: "datetime" }), {
      ...CTX,
      input: true,
    }),
    "string | Date",
  );
});

Deno.test("v1: the names table has exactly the 89 operationIds of the Airflow 2.10 spec", async () => {
  const text = await Deno.readTextFile(
    new URL("../../shared/openapi/airflow-2.10.0-api-v1.yaml", import.meta.url),
  );
  const document = parseSpec("2.10.0", text).document;
  const ids = Object.values<Record<string, { operationId?: string }>>(document.paths)
    .flatMap((item) =>
      Object.values(item).flatMap((op) => op?.operationId ? [op.operationId] : [])
    );
  assert.equal(ids.length, 89);
  assert.deepEqual([...ids].sort(), Object.keys(V1_NAMES).sort());
  const calls = Object.values(V1_NAMES);
  assert.equal(new Set(calls).size, calls.length, "no name is used twice");
  const v2Namespaces = new Set(Object.values(V2_NAMES).map((name) => name.split(".")[0]));
  for (const shared of ["dags", "dagRuns", "taskInstances", "connections", "variables", "pools"]) {
    assert.ok(v2Namespaces.has(shared) && calls.some((name) => name.startsWith(`${shared}.`)));
  }
  const built = buildModel([parseSpec("2.10.0", text)]);
  assert.throws(
    () =>
      planOperations(built.operations, { ...V1_NAMES, get_assets: "assets.list" }, built.schemas),
    /names for unknown operations: get_assets/,
  );
  const { get_dag: _, ...missing } = V1_NAMES;
  assert.throws(
    () => planOperations(built.operations, missing, built.schemas),
    /no client name for operation get_dag/,
  );
});

Deno.test("v1: descriptors have full /api/v1 paths, and v1's paged lists are marked", () => {
  const routes = Object.entries(v1.routes);
  assert.equal(routes.length, 89);
  for (const [route, operation] of routes) {
    assert.equal(route, `${operation.method} ${operation.path}`);
    assert.match(operation.path, /^\/api\/v1\//);
    assert.ok(V1_NAMES[operation.id], operation.id);
  }
  const paged = Object.fromEntries(
    routes.filter(([, op]) => op.page).map(([, op]) => [op.id, op.page!.items]),
  );
  assert.equal(Object.keys(paged).length, 19);
  assert.equal(paged.get_dags, "dags");
  assert.equal(paged.get_task_instances, "task_instances");
  assert.equal(paged.get_mapped_task_instance_tries, "task_instances");
  assert.equal(paged.get_event_logs, "event_logs");
  for (const id of ["patch_dags", "get_dag_runs_batch", "get_dag_stats", "get_providers"]) {
    assert.ok(!(id in paged), id);
  }
  assert.equal(v1.getLog.responseKind, "json");
  assert.equal(v1.deleteDag.responseKind, "none");
  assert.equal(v1.reparseDagFile.responseKind, "none");
  assert.equal(v1.patchMappedTaskInstance.bodyRequired, false);
});

Deno.test("docs/API-v1.md lists each v1 operation on its own row", async () => {
  const doc = await Deno.readTextFile(new URL("../docs/API-v1.md", import.meta.url));
  assert.match(doc, /^# Airflow 2 REST API \(\/api\/v1\) reference$/m);
  const rows = doc.split("\n").filter((line) => /^\| (GET|POST|PUT|PATCH|DELETE) +\|/.test(line));
  assert.equal(rows.length, 89);
  for (const [route, operation] of Object.entries(v1.routes)) {
    const [method, path] = route.split(" ");
    const row = rows.find((line) =>
      line.includes(`\`${path}\``) && line.split("|")[1].trim() === method
    );
    assert.ok(row, `no row for ${route}`);
    assert.ok(row.includes(`\`${operation.id}\``), row);
    assert.ok(row.includes(`airflow.${V1_NAMES[operation.id]}(`), row);
  }
});

/** What each entry of the corrections file must change in the generated code. */
const CORRECTION_EFFECTS: Record<string, () => void> = {
  "v2 TriggerDAGRunPostBody.logical_date required": () => {
    const trigger = operations.triggerDagRun;
    assert.deepEqual(check(trigger.body!, {}, "body").map((issue) => issue.path), ["body"]);
    assert.deepEqual(check(trigger.body!, { logical_date: null }, "body"), []);
    assert.deepEqual(trigger.bodyDefaults, { logical_date: null });
    assert.equal(trigger.bodyRequired, false, "callers may leave the body out");
  },
  "v2 StructuredLogMessage.timestamp nullable": () => {
    const line = { timestamp: null, event: "plain text" };
    assert.deepEqual(check(v2Schemas.StructuredLogMessage, line, ""), []);
  },
  "v2 VariableBody.value schema": () => {
    assert.equal(check(v2Schemas.VariableBody, { key: "k", value: { a: 1 } }, "").length, 1);
    assert.deepEqual(check(v2Schemas.VariableBody, { key: "k", value: "{}" }, ""), []);
    assert.deepEqual(
      check(serverBodies.post_variable, { key: "k", value: { a: 1 } }, ""),
      [],
      "the fake takes what the server takes",
    );
  },
  "all open-enums": () => {
    const run = {
      dag_id: "etl",
      dag_run_id: "r",
      dag_versions: [],
      run_after: "2026-11-20T10:00:00Z",
      run_type: "operator_triggered",
      state: "paused",
    };
    assert.deepEqual(check(v2Schemas.DAGRunResponse, run, ""), []);
    assert.notDeepEqual(check(v2Schemas.DagRunState, "paused", ""), [], "requests stay closed");
    const v1Run = { dag_id: "etl", run_type: "operator_triggered", state: "paused" };
    assert.deepEqual(check(v1.getDagRun.response!, v1Run, ""), []);
  },
};

Deno.test("each spec correction has its effect, and each has a test here", async () => {
  const corrections = parseCorrections(await Deno.readTextFile(CORRECTIONS_FILE));
  const keys = corrections.map((entry) =>
    entry.fix === "open-enums"
      ? `${entry.api} open-enums`
      : `${entry.api} ${entry.component}.${entry.property} ${entry.fix}`
  );
  assert.deepEqual(keys.sort(), Object.keys(CORRECTION_EFFECTS).sort());
  for (const entry of corrections) assert.match(entry.source, /^airflow-core\/src\/airflow\//);
  for (const effect of Object.values(CORRECTION_EFFECTS)) effect();

  const types = await Deno.readTextFile("src/v2/generated/types.ts");
  assert.match(types, /Optional\. Sent as `null` when left out\.\s+\*\/\s+logical_date\?:/);
  assert.match(types, /run_type: DagRunType \| \(string & Record<never, never>\);/);
  assert.match(types, /export type DagRunState = "queued" \| "running" \| "success" \| "failed";/);
});

Deno.test("spec defaults reach the docs as @default", async () => {
  const types = await Deno.readTextFile("src/v2/generated/types.ts");
  const clear = types.slice(types.indexOf("export interface ClearTaskInstancesBody"));
  assert.match(clear.slice(0, clear.indexOf("}")), /@default true\s+\*\/\s+dry_run\?: boolean;/);
  const runClear = types.slice(types.indexOf("export interface DAGRunClearBody"));
  assert.match(runClear.slice(0, runClear.indexOf("}")), /@default true\s+\*\/\s+dry_run\?:/);
  assert.match(types, /@default -1\s+\*\/\s+map_index\?: number;/, "query parameters too");
});

Deno.test("corrections are checked: bad entries and entries that match nothing fail", () => {
  const entry = "- api: v2\n  component: X\n  property: y\n  fix: nullable\n  why: w\n";
  assert.throws(() => parseCorrections(entry), /`source` is required/);
  assert.throws(() => parseCorrections(`${entry}  source: s\n  send: 1\n`), /`send` goes with/);
  assert.throws(() => parseCorrections(entry.replace("nullable", "rename") + "  source: s\n"));
  const parsed = parseCorrections(`${entry}  source: s\n`);
  assert.throws(
    () => applyCorrections(parsed, "v2", [{ components: { schemas: {} } }]),
    /no v2 spec has X\.y/,
  );
  const document = {
    components: { schemas: { X: { type: "object", properties: { y: { type: "string" } } } } },
  };
  applyCorrections(parsed, "v2", [document]);
  assert.equal(
    (document.components.schemas.X.properties.y as Record<string, unknown>).nullable,
    true,
  );
});
