/** Bundle size: tree-shaking drops unused namespaces and their schemas; a trigger-only Worker stays small. */
import assert from "node:assert/strict";
import { measureSizes } from "../scripts/size.ts";

const LIMIT_GZIPPED = 60_000;

Deno.test("a trigger-and-wait Worker on a bare core is at most 60 KB gzipped, TypeBox included", async () => {
  const [whole, fullClient, bare] = await measureSizes();
  assert.ok(bare.gzipped <= LIMIT_GZIPPED, `${bare.gzipped} bytes gzipped`);
  assert.ok(bare.gzipped < whole.gzipped && bare.gzipped < fullClient.gzipped);

  for (const kept of ["trigger_dag_run", "get_dag_run", "/auth/token"]) {
    assert.ok(bare.code.includes(kept), `${kept} is in the trigger-only bundle`);
  }
  for (const dropped of ["get_pools", "get_backfill", "get_config", "get_import_error"]) {
    assert.ok(whole.code.includes(dropped), `${dropped} is in the whole entry point`);
    assert.ok(!bare.code.includes(dropped), `${dropped} was dropped from the trigger-only bundle`);
  }
});
