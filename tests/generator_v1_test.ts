/** The generator on Airflow 2's spec: server paths, allOf, readOnly and writeOnly, security, content types. */
import assert from "node:assert/strict";
import { normalizeSchema } from "../scripts/codegen/normalize.ts";
import { typeExpression } from "../scripts/codegen/emit_schema.ts";
import { buildModel, parseSpec } from "../scripts/codegen/spec_model.ts";
import { planOperations } from "../scripts/codegen/operation_plan.ts";
import { emitTypes } from "../scripts/codegen/emit_types.ts";
import * as operations from "../src/v2/generated/operations.ts";
import { V1_NAMES } from "../scripts/codegen/names_v1.ts";
import { V2_NAMES } from "../scripts/codegen/names_v2.ts";
import * as v1 from "../src/v1/generated/operations.ts";

const CTX = { schemaPrefix: "", typePrefix: "", input: false };

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
  assert.match(both, /\/\*\* The name\. \*\/\nname: string;/, "no line that restates `?`");
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
