/**
 * The soak test: runs `soak_run.ts` in a fresh Deno process (its memory is then the run's own,
 * and it may call `gc()`) and checks what it printed against the issue: 100,000 calls, each
 * resolved or rejected with a typed error, none hung, 5% of requests faulted, and the JS heap after
 * GC at the end within 25% of the heap after the first 10,000 calls. RSS is reported, never
 * asserted: allocator fragmentation moves it on a clean machine while the heap stays flat.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Finding, ReliabilityReport } from "./report.ts";
import type { MemorySample, SoakSummary } from "./soak_run.ts";

const RUN = new URL("./soak_run.ts", import.meta.url);
const ROOT = new URL("../../", import.meta.url);

const CALLS = 100_000;
const FAULT_BAND = [0.045, 0.055];
const HEAP_TOLERANCE = 0.25;

/** Registers the soak test on `report`. */
export function register(report: ReliabilityReport): void {
  report.test("soak", "100,000 calls against the fake with 5% of requests faulted", async () => {
    const summary = await runSoak();

    assert.equal(summary.calls, CALLS);
    assert.deepEqual(summary.untyped, {}, "every failed call rejects with an AirflowError");
    assert.equal(summary.hangs, 0, "no call outlives its watchdog");
    assert.equal(summary.leftPending, 0, "every stalled request is released by its abort signal");

    const faultRate = total(summary.faults) / summary.requests;
    assert.ok(
      faultRate >= FAULT_BAND[0] && faultRate <= FAULT_BAND[1],
      `fault rate ${percent(faultRate)} is outside ${FAULT_BAND.map(percent).join("–")}`,
    );
    for (const [kind, n] of Object.entries(summary.faults)) assert.ok(n > 0, `no ${kind}`);
    assert.ok(summary.retries > 0, "faulted requests are retried");

    const { afterFirst, atEnd } = summary.memory;
    const heapRatio = atEnd.heapUsed / afterFirst.heapUsed;
    assert.ok(
      heapRatio <= 1 + HEAP_TOLERANCE,
      `the JS heap after GC grew from ${mb(afterFirst.heapUsed)} to ${mb(atEnd.heapUsed)} (×${
        heapRatio.toFixed(3)
      })`,
    );
    return findings(summary);
  }, { timeoutMs: 600_000 });
}

async function runSoak(): Promise<SoakSummary> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--v8-flags=--expose-gc", RUN.pathname],
    cwd: ROOT.pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.ok(output.success, `soak_run.ts exited with ${output.code}: ${stderr}`);
  const lines = new TextDecoder().decode(output.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

function findings(summary: SoakSummary): Finding[] {
  const { calls, requests, retries, faults, failed, settings, memory } = summary;
  const faulted = total(faults);
  const calls10k = memory.firstCalls.toLocaleString("en");
  return [
    {
      // Retries depend on timing, and each request draws its fault: the counts vary by a few
      // from run to run, so they are figures, and the subject names the kinds.
      subject: `${calls.toLocaleString("en")} calls (dags.get, dags.list, dagRuns.list, ` +
        `variables.get, taskInstances.list, pools.get), ${settings.concurrency} in flight, ` +
        `${percent(settings.faultRate)} of requests faulted (seed ${settings.seed}): ` +
        Object.keys(faults).join(", "),
      behaviour: `every call settled: ${summary.succeeded.toLocaleString("en")} resolved, ` +
        `the rest rejected with typed errors (${counts(failed)}); no hangs ` +
        `(watchdog ${settings.watchdogMs} ms), no stalled request left pending`,
      figures: `${requests.toLocaleString("en")} requests, ${faulted} faulted ` +
        `(${percent(faulted / requests)}: ${counts(faults)}), ${retries} retries; ` +
        `timeout ${settings.timeoutMs} ms, ` +
        `maxRetries ${settings.maxRetries}; ${(summary.wallMs / 1000).toFixed(1)} s wall`,
    },
    {
      subject: `memory after GC, after the first ${calls10k} calls and at the end`,
      behaviour: `the JS heap grows by at most ${percent(HEAP_TOLERANCE)} (the test's bound): ` +
        "nothing is held per call. RSS is shown, not asserted: allocator fragmentation outside " +
        "the JS heap moves it by 10-30% on a clean machine while the heap stays flat",
      figures: `heap ${memoryChange(memory.afterFirst, memory.atEnd, "heapUsed")}; ` +
        `RSS ${memoryChange(memory.afterFirst, memory.atEnd, "rss")}`,
    },
  ];
}

function memoryChange(from: MemorySample, to: MemorySample, key: keyof MemorySample): string {
  return `${mb(from[key])} → ${mb(to[key])} (×${(to[key] / from[key]).toFixed(3)})`;
}

function counts(byName: Record<string, number>): string {
  return Object.entries(byName).map(([name, n]) => `${name} ${n}`).join(", ");
}

function total(byName: Record<string, number>): number {
  return Object.values(byName).reduce((sum, n) => sum + n, 0);
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
