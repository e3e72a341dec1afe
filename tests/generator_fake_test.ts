/** The generator's table of what differs between the versions the fake Airflow plays. */
import assert from "node:assert/strict";
import { emitFakeVersions } from "../scripts/codegen/emit_fake.ts";
import { buildModel, parseSpec } from "../scripts/codegen/spec_model.ts";
import { answerFields, missingOn } from "../src/testing/generated/versions.ts";
import * as S from "../src/v2/generated/schemas.ts";

function spec(version: string, thing: string, extraPath = ""): ReturnType<typeof parseSpec> {
  return parseSpec(
    version,
    `
openapi: 3.1.0
paths:
  /api/v2/things:
    get:
      operationId: get_thing
      responses:
        "200":
          content: { application/json: { schema: { $ref: "#/components/schemas/Thing" } } }
${extraPath}
components:
  schemas:
    Thing: ${thing}
`,
  );
}

Deno.test("operations and answer fields some versions lack, and changed types, are emitted", () => {
  const older = spec(
    "3.0.2",
    "{ type: object, properties: { id: { type: string }, backoff: { type: boolean } } }",
  );
  const newer = spec(
    "3.1.8",
    "{ type: object, properties: { id: { type: string }, backoff: { type: number }, team: { type: string } } }",
    `  /api/v2/other:\n    get:\n      operationId: get_other\n      responses: { "200": { description: ok } }`,
  );
  const merged = buildModel([older, newer]);
  const text = emitFakeVersions(merged, [buildModel([older]), buildModel([newer])], ["in.yaml"]);
  assert.match(text, /get_other: \["3\.0\.2"\],/);
  assert.ok(!text.includes("get_thing:"), "an operation every version has is not listed");
  assert.match(
    text,
    /\[S\.Thing, \{"backoff":\{"typeOn":\{"3\.0\.2":"boolean"\}\},"team":\{"versions":\["3\.1\.8"\]\}\}\]/,
  );
  assert.ok(!text.includes('"id"'), "a property every version has alike is not listed");
});

Deno.test("the committed table knows the 3.0-only and the 3.1+ operations and fields", () => {
  assert.deepEqual(missingOn.get_dag_reports, ["3.1.8", "3.2.1"]);
  assert.deepEqual(missingOn.wait_dag_run_until_finished, ["3.0.2"]);
  assert.equal(missingOn.get_dags, undefined);
  assert.deepEqual(answerFields.get(S.DAGRunResponse)?.dag_display_name?.versions, [
    "3.1.8",
    "3.2.1",
  ]);
  assert.deepEqual(answerFields.get(S.AssetResponse)?.consuming_dags?.versions, ["3.0.2"]);
  assert.deepEqual(answerFields.get(S.TaskResponse)?.retry_exponential_backoff?.typeOn, {
    "3.0.2": "boolean",
    "3.1.8": "boolean",
  });
});
