/**
 * `deno task bench`: airflowkit against raw `fetch` and the TypeScript peers, in one run: calls
 * timed on Deno and on Node, with code generation from strings allowed and forbidden, against a
 * loopback server that keeps its key order and one that shuffles it; airflowkit's earlier
 * commits of the per-call work timed beside; paging, start-up and bundle sizes; the MCP server's
 * Worker, its bundle and its cold start in workerd. Writes BENCHMARKS.md and bench/results.json.
 *
 * Options: `--smoke` runs every measurement at a tiny size (CI uses it so the benchmark cannot
 * rot; its figures mean nothing); `--out DIR` writes both files into DIR instead.
 *
 * @module
 */
import { bundle } from "../scripts/esbuild.ts";
import { measureSizes } from "../scripts/size.ts";
import { BASELINES, buildBaselines } from "./baselines.ts";
import { measureMcpWorker } from "./mcp_worker.ts";
import { DAG_ID, DAG_RUN_ID } from "./payloads.ts";
import { CONTENDERS, measureBundles, prepare, WORK } from "./prepare.ts";
import { type PagingFigures, TOKEN } from "./probe.ts";
import { machine, renderReport, type Results, type RunFigures } from "./report.ts";
import type { RunnerConfig, RunnerResult } from "./runner.ts";
import type { KeyOrder } from "./server.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** How much of everything to do. */
interface Sizes {
  callRounds: { dag: number; page: number };
  validationChecks: number;
  pagingItems: number;
  pagingCheckpoint: number;
  processRuns: number;
  /** Cold starts of the MCP Worker, and warm requests of each kind after each. */
  mcpColdStarts: number;
  mcpWarmRounds: number;
}

const FULL: Sizes = {
  callRounds: { dag: 2000, page: 1000 },
  validationChecks: 2000,
  pagingItems: 50_000,
  pagingCheckpoint: 10_000,
  processRuns: 5,
  mcpColdStarts: 10,
  mcpWarmRounds: 20,
};

const SMOKE: Sizes = {
  callRounds: { dag: 20, page: 10 },
  validationChecks: 5,
  pagingItems: 500,
  pagingCheckpoint: 200,
  processRuns: 1,
  mcpColdStarts: 1,
  mcpWarmRounds: 1,
};

/** The runtimes the calls are timed on. */
const RUNTIMES = ["deno", "node"] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Starts the benchmark server in its own process. */
async function startServer(total: number, order: KeyOrder) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net=127.0.0.1",
      `${ROOT}bench/server.ts`,
      "--total",
      String(total),
      "--order",
      order,
    ],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the benchmark server stopped before listening");
    text += value;
  }
  reader.releaseLock();
  child.stdout.cancel().catch(() => {});
  const { port } = JSON.parse(text.split("\n")[0]);
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await child.stdin.close();
      await child.status;
    },
  };
}

/** Runs the timing loop in `runtime`, with code generation allowed or not, and parses its line. */
async function runRunner(
  runtime: typeof RUNTIMES[number],
  codeGeneration: boolean,
  runner: string,
  config: RunnerConfig,
): Promise<RunnerResult> {
  const forbid = "--disallow-code-generation-from-strings";
  const [command, args] = runtime === "deno"
    ? [Deno.execPath(), ["run", "-A", ...(codeGeneration ? [] : [`--v8-flags=${forbid}`])]]
    : ["node", codeGeneration ? [] : [forbid]];
  const output = await new Deno.Command(command, {
    args: [...args, runner, JSON.stringify(config)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout).trim();
  if (!output.success) {
    throw new Error(`${runtime} runner failed:\n${new TextDecoder().decode(output.stderr)}`);
  }
  const result: RunnerResult = JSON.parse(text.split("\n").at(-1)!);
  if (result.codeGeneration !== codeGeneration) {
    throw new Error(`${runtime}: code generation is ${result.codeGeneration}, not as asked`);
  }
  return result;
}

/** Runs `bench/probe.ts` once and returns what it printed. */
async function probe<T>(args: string[]): Promise<T> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-net=127.0.0.1", `${ROOT}bench/probe.ts`, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout).trim();
  if (!output.success) {
    throw new Error(`probe ${args.join(" ")} failed:\n${new TextDecoder().decode(output.stderr)}`);
  }
  return JSON.parse(text.split("\n").at(-1)!);
}

async function main(): Promise<void> {
  const smoke = Deno.args.includes("--smoke");
  const outFlag = Deno.args.indexOf("--out");
  const outDir = outFlag >= 0 ? Deno.args[outFlag + 1] : undefined;
  const sizes = smoke ? SMOKE : FULL;
  const log = (line: string) => console.error(`bench: ${line}`);

  const bundles = await prepare(log);
  // Earlier commits are built only for a full run: it takes minutes, and needs the history.
  const baselines = smoke ? {} : await buildBaselines(WORK, log);
  const runner = `${WORK}/runner.mjs`;
  await Deno.writeFile(runner, await bundle(ROOT, "bench/runner.ts", "neutral"));
  const validation = `${WORK}/validation.mjs`;
  await Deno.writeFile(validation, await bundle(ROOT, "bench/validation_entry.ts", "neutral"));
  log("measuring bundle sizes");
  const bundleSizes = await measureBundles();
  const airflowkitSizes = (await measureSizes()).map(({ program, minified, gzipped }) => ({
    program,
    minified,
    gzipped,
  }));

  const mcpWorker = await measureMcpWorker(sizes.mcpColdStarts, sizes.mcpWarmRounds, log);

  const fixed = await startServer(sizes.pagingItems, "fixed");
  const shuffled = await startServer(100, "shuffled");
  try {
    const runs: RunFigures[] = [];
    for (const runtime of RUNTIMES) {
      for (const codeGeneration of [true, false]) {
        for (const [order, server] of [["fixed", fixed], ["shuffled", shuffled]] as const) {
          log(`timing calls on ${runtime}, ${order} keys, code generation ${codeGeneration}`);
          const withSteps = runtime === "deno" && codeGeneration && order === "fixed";
          const config: RunnerConfig = {
            bundles: { ...bundles, ...(withSteps ? baselines : {}) },
            url: server.url,
            token: TOKEN,
            dagId: DAG_ID,
            dagRunId: DAG_RUN_ID,
            rounds: sizes.callRounds,
            validation: { bundle: validation, checks: sizes.validationChecks },
          };
          const result = await runRunner(runtime, codeGeneration, runner, config);
          runs.push({ ...result, runtime, order, codeGeneration });
        }
      }
    }

    log(`paging ${sizes.pagingItems} task instances and starting fresh processes`);
    const paging: Record<string, PagingFigures[]> = {};
    const startup: Record<string, number[]> = {};
    for (let run = 0; run < sizes.processRuns; run++) {
      for (const { id } of CONTENDERS) {
        const figures = await probe<PagingFigures>([
          "paging",
          bundles[id],
          fixed.url,
          String(sizes.pagingCheckpoint),
        ]);
        if (figures.items !== sizes.pagingItems) {
          throw new Error(`${id} paged ${figures.items} items, not ${sizes.pagingItems}`);
        }
        (paging[id] ??= []).push(figures);
        const { milliseconds } = await probe<{ milliseconds: number }>([
          "startup",
          bundles[id],
          fixed.url,
        ]);
        (startup[id] ??= []).push(milliseconds);
      }
    }

    const results: Results = {
      smoke,
      date: new Date().toISOString(),
      machine: await machine(),
      sizes: { ...sizes },
      contenders: CONTENDERS.map(({ id, label, about }) => ({ id, label, about })),
      steps: smoke ? [] : BASELINES.map(({ id, commit, label }) => ({ id, commit, label })),
      runs,
      paging: Object.fromEntries(
        Object.entries(paging).map(([id, runs]) => [id, {
          itemsPerSecond: median(runs.map((r) => r.itemsPerSecond)),
          rssAtCheckpoint: median(runs.map((r) => r.rssAtCheckpoint)),
          rssAtEnd: median(runs.map((r) => r.rssAtEnd)),
          heapAtCheckpoint: median(runs.map((r) => r.heapAtCheckpoint)),
          heapAtEnd: median(runs.map((r) => r.heapAtEnd)),
        }]),
      ),
      startupMilliseconds: Object.fromEntries(
        Object.entries(startup).map(([id, runs]) => [id, median(runs)]),
      ),
      bundleSizes,
      airflowkitSizes,
      mcpWorker,
    };
    const dir = outDir ?? ROOT;
    const jsonPath = outDir ? `${outDir}/results.json` : `${ROOT}bench/results.json`;
    await Deno.writeTextFile(jsonPath, JSON.stringify(results, null, 2) + "\n");
    await Deno.writeTextFile(`${dir}/BENCHMARKS.md`, renderReport(results));
    await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--quiet", `${dir}/BENCHMARKS.md`, jsonPath],
    }).output();
    log(`wrote ${dir}/BENCHMARKS.md and ${jsonPath}`);
  } finally {
    await Promise.all([fixed.stop(), shuffled.stop()]);
  }
}

if (import.meta.main) await main();
