/**
 * `deno task bench`: airflowkit against raw `fetch` and the TypeScript peers, in one run on one
 * loopback server. Writes BENCHMARKS.md and bench/results.json.
 *
 * Options: `--smoke` runs every measurement at a tiny size (CI uses it so the benchmark cannot
 * rot; its figures mean nothing); `--out DIR` writes both files into DIR instead.
 *
 * @module
 */
import { Compile, type XSchema } from "typebox/schema";
import { Settings } from "typebox/system";
import { untilAborted } from "../src/core/abort.ts";
import { TaskInstanceCollectionResponse as compiledPageCheck } from "../src/v2/generated/checks.ts";
import { TaskInstanceCollectionResponse } from "../src/v2/generated/schemas.ts";
import type { ContenderModule } from "./contenders/contender.ts";
import { DAG_ID, DAG_RUN_ID, taskInstancePage } from "./payloads.ts";
import { CONTENDERS, measureBundles, prepare } from "./prepare.ts";
import { type PagingFigures, TOKEN } from "./probe.ts";
import { machine, renderReport, type Results, TIMEOUT_MACHINERY } from "./report.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** How much of everything to do. */
interface Sizes {
  callRounds: { dag: number; page: number };
  validationChecks: number;
  pagingItems: number;
  pagingCheckpoint: number;
  processRuns: number;
}

const FULL: Sizes = {
  callRounds: { dag: 3000, page: 1500 },
  validationChecks: 2000,
  pagingItems: 50_000,
  pagingCheckpoint: 10_000,
  processRuns: 5,
};

const SMOKE: Sizes = {
  callRounds: { dag: 20, page: 10 },
  validationChecks: 5,
  pagingItems: 500,
  pagingCheckpoint: 200,
  processRuns: 1,
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Starts the benchmark server in its own process. */
async function startServer(total: number) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net=127.0.0.1", `${ROOT}bench/server.ts`, "--total", String(total)],
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

/**
 * Times each call of each contender, one call at a time in turn, the order rotating every round
 * so no contender always follows the same one. The first tenth of the rounds warms up. Besides
 * each median, gives each contender's overhead: the median, over rounds, of its time minus raw
 * fetch's time in the same round, which cancels most of the machine's drift.
 */
async function timeCalls(
  calls: Record<string, () => Promise<unknown>>,
  rounds: number,
): Promise<{ median: Record<string, number>; overhead: Record<string, number> }> {
  const samples: Record<string, number[]> = {};
  const differences: Record<string, number[]> = {};
  const order = Object.keys(calls);
  const warmup = Math.ceil(rounds / 10);
  for (let round = 0; round < rounds + warmup; round++) {
    const times: Record<string, number> = {};
    for (const id of order) {
      const start = performance.now();
      await calls[id]();
      times[id] = (performance.now() - start) * 1000;
    }
    if (round >= warmup) {
      for (const id of order) {
        (samples[id] ??= []).push(times[id]);
        (differences[id] ??= []).push(times[id] - times.raw);
      }
    }
    order.push(order.shift()!);
  }
  const medians = (values: Record<string, number[]>) =>
    Object.fromEntries(Object.entries(values).map(([id, times]) => [id, median(times)]));
  return { median: medians(samples), overhead: medians(differences) };
}

/**
 * Raw fetch wrapped in what airflowkit does on every attempt for its timeout: a timer, an abort
 * signal on the request, and abort guards on the wait for the headers and on the body read.
 * Timed beside the contenders, it shows what that machinery alone costs.
 */
function rawWithTimeout(url: string): () => Promise<unknown> {
  const headers = { authorization: `Bearer ${TOKEN}`, accept: "application/json" };
  return async () => {
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(), 60_000);
    try {
      const response = await untilAborted(
        fetch(url, { headers, signal: timer.signal }),
        timer.signal,
      );
      return JSON.parse(await untilAborted(response.text(), timer.signal));
    } finally {
      clearTimeout(handle);
    }
  };
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

/** Validation alone: the parsed 100-item page, checked again and again. */
function timeValidation(checks: number): Results["validation"] {
  const page = JSON.parse(JSON.stringify(taskInstancePage(0, 100, 100)));
  const schema = TaskInstanceCollectionResponse as XSchema;
  const jit = Compile(schema);
  Settings.Set({ useAcceleration: false });
  const interpreted = Compile(schema);
  Settings.Set({ useAcceleration: true });
  const checkers: Record<string, (value: unknown) => boolean> = {
    typeboxJit: (value) => jit.Check(value),
    typeboxInterpreted: (value) => interpreted.Check(value),
    airflowkit: compiledPageCheck,
  };
  if (!jit.IsAccelerated() || interpreted.IsAccelerated()) {
    throw new Error("TypeBox did not compile as asked");
  }
  const samples: Record<string, number[]> = {};
  for (let round = 0; round < 7; round++) {
    for (const [id, check] of Object.entries(checkers)) {
      const count = id === "typeboxInterpreted" ? Math.ceil(checks / 20) : checks;
      const start = performance.now();
      for (let index = 0; index < count; index++) {
        if (!check(page)) throw new Error(`${id} refused a valid page`);
      }
      (samples[id] ??= []).push((performance.now() - start) * 1000 / count);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([id, times]) => [id, median(times.slice(1))]),
  ) as Results["validation"];
}

async function main(): Promise<void> {
  const smoke = Deno.args.includes("--smoke");
  const outFlag = Deno.args.indexOf("--out");
  const outDir = outFlag >= 0 ? Deno.args[outFlag + 1] : undefined;
  const sizes = smoke ? SMOKE : FULL;
  const log = (line: string) => console.error(`bench: ${line}`);

  const bundles = await prepare(log);
  log("measuring bundle sizes");
  const bundleSizes = await measureBundles();

  const server = await startServer(sizes.pagingItems);
  try {
    const modules: Record<string, ContenderModule> = {};
    for (const { id } of CONTENDERS) modules[id] = await import(`file://${bundles[id]}`);
    const clients = Object.fromEntries(
      CONTENDERS.map(({ id }) => [id, modules[id].connect(server.url, TOKEN)]),
    );
    const dagPath = `/api/v2/dags/${DAG_ID}`;
    const pagePath = `${dagPath}/dagRuns/${
      encodeURIComponent(DAG_RUN_ID)
    }/taskInstances?limit=100&offset=0`;
    const calls = (kind: "dag" | "page") => ({
      ...Object.fromEntries(CONTENDERS.map(({ id }) => {
        const module = modules[id];
        const client = clients[id];
        return [
          id,
          kind === "dag"
            ? () => module.getDag(client, DAG_ID)
            : () => module.taskInstancePage(client, DAG_ID, DAG_RUN_ID, 0, 100),
        ];
      })),
      [TIMEOUT_MACHINERY]: rawWithTimeout(`${server.url}${kind === "dag" ? dagPath : pagePath}`),
    });
    for (const { id } of CONTENDERS) {
      const page = await modules[id].taskInstancePage(clients[id], DAG_ID, DAG_RUN_ID, 0, 100);
      if (page.task_instances.length !== 100) throw new Error(`${id} got a short page`);
    }

    log("timing single calls");
    const dagTimes = await timeCalls(calls("dag"), sizes.callRounds.dag);
    const pageTimes = await timeCalls(calls("page"), sizes.callRounds.page);
    log("timing validation alone");
    const validation = timeValidation(sizes.validationChecks);

    log(`paging ${sizes.pagingItems} task instances and starting fresh processes`);
    const paging: Record<string, PagingFigures[]> = {};
    const startup: Record<string, number[]> = {};
    for (let run = 0; run < sizes.processRuns; run++) {
      for (const { id } of CONTENDERS) {
        const figures = await probe<PagingFigures>([
          "paging",
          bundles[id],
          server.url,
          String(sizes.pagingCheckpoint),
        ]);
        if (figures.items !== sizes.pagingItems) {
          throw new Error(`${id} paged ${figures.items} items, not ${sizes.pagingItems}`);
        }
        (paging[id] ??= []).push(figures);
        const { milliseconds } = await probe<{ milliseconds: number }>([
          "startup",
          bundles[id],
          server.url,
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
      perCallMicroseconds: { dag: dagTimes.median, page: pageTimes.median },
      overheadMicroseconds: { dag: dagTimes.overhead, page: pageTimes.overhead },
      validation,
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
    await server.stop();
  }
}

if (import.meta.main) await main();
