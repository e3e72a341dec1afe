/**
 * The benchmark at a tiny size, so it cannot rot: every contender is generated, type-checked,
 * bundled and measured, and both files are written. Times are never asserted; only that each
 * figure exists and is a positive number.
 */
import assert from "node:assert/strict";
import { type Results, TIMEOUT_MACHINERY } from "../bench/report.ts";

const ROOT = new URL("../", import.meta.url).pathname;

Deno.test("deno task bench --smoke measures every contender and writes both files", async () => {
  const out = await Deno.makeTempDir({ prefix: "airflowkit-bench-" });
  try {
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["task", "bench", "--smoke", "--out", out],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(run.success, new TextDecoder().decode(run.stderr));
    const results: Results = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
    const ids = results.contenders.map((c) => c.id);
    assert.deepEqual(ids, [
      "raw",
      "openapi-fetch",
      "hey-api",
      "airflowkit",
      "airflowkit-unchecked",
    ]);
    const positive = (value: number, what: string) =>
      assert.ok(Number.isFinite(value) && value > 0, `${what}: ${value}`);
    for (const id of ids) {
      positive(results.perCallMicroseconds.dag[id], `${id} one-DAG call`);
      positive(results.perCallMicroseconds.page[id], `${id} page call`);
      positive(results.paging[id].itemsPerSecond, `${id} paging`);
      positive(results.paging[id].heapAtEnd, `${id} heap`);
      positive(results.startupMilliseconds[id], `${id} start-up`);
    }
    for (const kind of ["dag", "page"] as const) {
      const added = results.overheadMicroseconds[kind];
      assert.equal(added.raw, 0, "raw fetch adds nothing to itself");
      for (const id of [...ids, TIMEOUT_MACHINERY]) {
        assert.ok(Number.isFinite(added[id]), `${id} ${kind} overhead: ${added[id]}`);
      }
    }
    for (const value of Object.values(results.validation)) positive(value, "validation");
    assert.equal(results.bundleSizes.length, 6);
    for (const size of results.bundleSizes) positive(size.gzipped, size.label);
    assert.equal(results.smoke, true);

    const report = await Deno.readTextFile(`${out}/BENCHMARKS.md`);
    assert.match(report, /Smoke run/);
    for (const heading of ["Targets", "Time per call", "Validation alone", "Paging", "Start-up"]) {
      assert.match(report, new RegExp(`## ${heading}`));
    }
    for (const { label } of results.contenders) assert.ok(report.includes(label), label);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
