/** The corrections to the specs: each has its effect, defaults reach the docs, bad entries fail. */
import assert from "node:assert/strict";
import { applyCorrections, parseCorrections } from "../scripts/codegen/corrections.ts";
import { CORRECTIONS_FILE } from "../scripts/generate.ts";
import * as operations from "../src/v2/generated/operations.ts";
import * as v1 from "../src/v1/generated/operations.ts";
import * as v2Schemas from "../src/v2/generated/schemas.ts";
import { check } from "../src/core/validation.ts";
import { serverBodies } from "../src/testing/generated/server_bodies.ts";

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
  assert.match(types, /Sent as `null` when left out\.\s+\*\/\s+logical_date\?:/);
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
