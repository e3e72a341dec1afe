/**
 * Bundle size: each program of `deno task size` stays within its limit, and tree-shaking drops the
 * namespaces, schemas and checks a program does not use.
 */
import assert from "node:assert/strict";
import { type BundleSize, measureSizes } from "../scripts/size.ts";

/**
 * What each program weighs today, with a little room: a regression guard. The targets of
 * `SIZE_LIMITS` are reported in BENCHMARKS.md; three are not met yet.
 */
const CEILINGS: Record<string, number> = {
  "get-one-DAG Worker, on a bare core": 15_600,
  "trigger-and-wait Worker, DagRuns on a bare core": 19_000,
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
  const bare = size("trigger-and-wait Worker, DagRuns on a bare core");
  const oneDag = size("get-one-DAG Worker, on a bare core");
  for (const kept of ["trigger_dag_run", "get_dag_run", "/auth/token"]) {
    assert.ok(bare.code.includes(kept), `${kept} is in the trigger-only bundle`);
  }
  for (const dropped of ["get_pools", "get_backfill", "get_config", "get_import_error"]) {
    assert.ok(whole.code.includes(dropped), `${dropped} is in the whole entry point`);
    assert.ok(!bare.code.includes(dropped), `${dropped} was dropped from the trigger-only bundle`);
    assert.ok(!oneDag.code.includes(dropped), `${dropped} was dropped from the one-DAG bundle`);
  }
  assert.ok(!oneDag.code.includes("trigger_dag_run"), "the one-DAG bundle has no run operations");
});
