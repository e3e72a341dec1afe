/**
 * Every `/api/v2` operation is exercised through the client by some fake test: each method of
 * the generated namespaces is called in a `tests/fake_*_test.ts` file.
 */
import assert from "node:assert/strict";
import { V2_NAMES } from "../scripts/codegen/names_v2.ts";

Deno.test("each of the 111 operations is called through its client method in a fake test", async () => {
  const dir = new URL("./", import.meta.url);
  let sources = "";
  for await (const entry of Deno.readDir(dir)) {
    if (/^fake_.+_test\.ts$/.test(entry.name)) {
      sources += await Deno.readTextFile(new URL(entry.name, dir));
    }
  }
  assert.equal(Object.keys(V2_NAMES).length, 111);
  const untested = Object.entries(V2_NAMES).filter(([, name]) => {
    const [namespace, method] = name.split(".");
    return !sources.includes(`.${namespace}.${method}(`) &&
      !new RegExp(`\\.${namespace}\\s*\\.${method}\\(`).test(sources);
  }).map(([id, name]) => `${id} (${name})`);
  assert.deepEqual(untested, []);
});
