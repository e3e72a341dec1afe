/**
 * The benchmark at a tiny size, so it cannot rot: every contender is generated, type-checked,
 * bundled and measured, and both files are written. Times are never asserted; only that each
 * figure exists and is a positive number.
 */
import assert from "node:assert/strict";
import type { Results } from "../bench/report.ts";

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
      "raw-bounded",
      "openapi-fetch",
      "hey-api",
      "airflowkit",
      "airflowkit-unchecked",
    ]);
    const positive = (value: number, what: string) =>
      assert.ok(Number.isFinite(value) && value > 0, `${what}: ${value}`);
    const configs = results.runs.map((run) =>
      `${run.runtime} ${run.order} ${run.codeGeneration ? "allowed" : "forbidden"}`
    );
    assert.deepEqual(configs.sort(), [
      "deno fixed allowed",
      "deno fixed forbidden",
      "deno shuffled allowed",
      "deno shuffled forbidden",
      "node fixed allowed",
      "node fixed forbidden",
      "node shuffled allowed",
      "node shuffled forbidden",
    ]);
    for (const run of results.runs) {
      for (const id of ids) {
        positive(run.median.dag[id], `${id} one-DAG call`);
        positive(run.median.page[id], `${id} page call`);
        assert.ok(Number.isFinite(run.overhead.page[id]), `${id} page overhead`);
      }
      assert.equal(run.overhead.dag.raw, 0, "raw fetch adds nothing to itself");
      positive(run.validation.fixed, "validation, fixed keys");
      positive(run.validation.shuffled, "validation, shuffled keys");
    }
    for (const id of ids) {
      positive(results.paging[id].itemsPerSecond, `${id} paging`);
      positive(results.paging[id].heapAtEnd, `${id} heap`);
      positive(results.startupMilliseconds[id], `${id} start-up`);
    }
    assert.equal(results.bundleSizes.length, 7);
    for (const size of [...results.bundleSizes, ...results.airflowkitSizes]) {
      positive(size.gzipped, "gzipped size");
    }
    for (const [figure, value] of Object.entries(results.mcpWorker)) {
      positive(value, `MCP Worker: ${figure}`);
    }
    assert.equal(results.smoke, true);

    const report = await Deno.readTextFile(`${out}/BENCHMARKS.md`);
    assert.match(report, /Smoke run/);
    for (
      const heading of [
        "Targets",
        "Where the time goes",
        "Time per call",
        "Validation alone",
        "Paging",
        "Start-up",
        "The MCP server on a Worker",
      ]
    ) {
      assert.match(report, new RegExp(`## ${heading}`));
    }
    for (const { label } of results.contenders) assert.ok(report.includes(label), label);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
