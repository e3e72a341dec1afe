/**
 * Bundle size: each program of `deno task size` stays within its limit, and tree-shaking drops the
 * namespaces, schemas and checks a program does not use.
 */
import assert from "node:assert/strict";
import { type BundleSize, measureSizes } from "../scripts/size.ts";

/**
 * What each program weighs today, with a little room: a regression guard. The targets of
 * `SIZE_LIMITS` are reported in BENCHMARKS.md, with those not met yet.
 */
const CEILINGS: Record<string, number> = {
  "get-one-DAG Worker, function on a bare core": 13_500,
  "get-one-DAG Worker, Dags namespace on a bare core": 15_800,
  "trigger-and-wait Worker, functions on a bare core": 16_900,
  "trigger-and-wait Worker, DagRuns namespace on a bare core": 19_100,
  "bare core alone, the floor of every program on it": 12_600,
  "whole entry point": 40_000,
};

Deno.test("bundles stay within their limits and carry only what they use", async () => {
  const sizes = await measureSizes();
  const size = (program: string): BundleSize => {
    const found = sizes.find((entry) => entry.program === program);
    assert.ok(found, `${program} was measured`);
    return found;
  };
  for (const [program, limit] of Object.entries(CEILINGS)) {
    const { gzipped } = size(program);
    assert.ok(gzipped <= limit, `${program}: ${gzipped} bytes gzipped, more than ${limit}`);
  }
  const whole = size("whole entry point");
  const bare = size("trigger-and-wait Worker, DagRuns namespace on a bare core");
  const oneDag = size("get-one-DAG Worker, Dags namespace on a bare core");
  const functions = size("trigger-and-wait Worker, functions on a bare core");
  const oneFunction = size("get-one-DAG Worker, function on a bare core");
  for (const kept of ["trigger_dag_run", "get_dag_run", "/auth/token"]) {
    assert.ok(bare.code.includes(kept), `${kept} is in the trigger-only bundle`);
    assert.ok(functions.code.includes(kept), `${kept} is in the trigger functions' bundle`);
  }
  for (const dropped of ["get_pools", "get_backfill", "get_config", "get_import_error"]) {
    assert.ok(whole.code.includes(dropped), `${dropped} is in the whole entry point`);
    for (const { program, code } of [bare, oneDag, functions, oneFunction]) {
      assert.ok(!code.includes(dropped), `${dropped} was dropped from ${program}`);
    }
  }
  // A namespace brings its every operation; a function only its own.
  for (const sibling of ["delete_dag_run", "get_dag_runs", "clear_dag_run"]) {
    assert.ok(bare.code.includes(sibling), `${sibling} is in the DagRuns namespace's bundle`);
    assert.ok(!functions.code.includes(sibling), `${sibling} was dropped from the functions'`);
  }
  assert.ok(oneDag.code.includes("get_dag_details"), "the Dags namespace brings its siblings");
  for (const { program, code } of [oneDag, oneFunction]) {
    assert.ok(code.includes("get_dag"), `${program} has get_dag`);
    assert.ok(!code.includes("trigger_dag_run"), `${program} has no run operations`);
  }
  assert.ok(!oneFunction.code.includes("get_dag_details"), "the function brings only get_dag");
});
