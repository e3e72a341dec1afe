/**
 * The timing loop, run inside the runtime being measured (Deno or Node) from its bundle,
 * `runner.mjs`: it loads each contender's bundle, calls the benchmark server with each in turn,
 * times the check of the 100-item page alone, and prints one JSON line of medians.
 *
 * Usage: `deno run -A runner.mjs CONFIG` or `node runner.mjs CONFIG`, where `CONFIG` is a
 * {@link RunnerConfig} as JSON text.
 *
 * @module
 */
import type { ContenderModule } from "./contenders/contender.ts";

/** What a runner measures. */
export interface RunnerConfig {
  /** Contender bundles by id; `raw` must be one of them. */
  bundles: Record<string, string>;
  /** The benchmark server. */
  url: string;
  token: string;
  dagId: string;
  dagRunId: string;
  rounds: { dag: number; page: number };
  /** The bundle of the page check, and how many times to run it per sample. */
  validation: { bundle: string; checks: number };
}

/** What a runner prints. */
export interface RunnerResult {
  /** Median microseconds per call, by contender. */
  median: { dag: Record<string, number>; page: Record<string, number> };
  /** Median over rounds of a call's time minus raw fetch's in the same round. */
  overhead: { dag: Record<string, number>; page: Record<string, number> };
  /** Median microseconds to check the parsed page once, by key order. */
  validation: { fixed: number; shuffled: number };
  /** Whether this process could build code from strings. */
  codeGeneration: boolean;
}

/** What the validation bundle exports. */
interface ValidationModule {
  check(value: unknown): boolean;
  pageText(order: "fixed" | "shuffled", seed: number): string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Times each call of each contender, one call at a time in turn, the order rotating every round
 * so no contender always follows the same one. The first tenth of the rounds warms up.
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

/** Checks of pages parsed from text, as a client checks what it has just parsed. */
function timeValidation(module: ValidationModule, order: "fixed" | "shuffled", checks: number) {
  const pages = Array.from({ length: 8 }, (_, seed) => JSON.parse(module.pageText(order, seed)));
  const times: number[] = [];
  for (let sample = 0; sample < 9; sample++) {
    const start = performance.now();
    for (let index = 0; index < checks; index++) {
      if (!module.check(pages[index % pages.length])) throw new Error("a valid page was refused");
    }
    times.push((performance.now() - start) * 1000 / checks);
  }
  return median(times.slice(1));
}

function codeGeneration(): boolean {
  try {
    return new Function("return true")();
  } catch {
    return false;
  }
}

async function main(config: RunnerConfig) {
  const modules: Record<string, ContenderModule> = {};
  for (const [id, path] of Object.entries(config.bundles)) {
    modules[id] = await import(new URL(`file://${path}`).href);
  }
  const clients = Object.fromEntries(
    Object.entries(modules).map(([id, module]) => [id, module.connect(config.url, config.token)]),
  );
  const calls = (kind: "dag" | "page") =>
    Object.fromEntries(
      Object.entries(modules).map(([id, module]) => [
        id,
        kind === "dag"
          ? () => module.getDag(clients[id], config.dagId)
          : () => module.taskInstancePage(clients[id], config.dagId, config.dagRunId, 0, 100),
      ]),
    );
  for (const [id, module] of Object.entries(modules)) {
    const page = await module.taskInstancePage(clients[id], config.dagId, config.dagRunId, 0, 100);
    if (page.task_instances.length !== 100) throw new Error(`${id} got a short page`);
  }
  const dag = await timeCalls(calls("dag"), config.rounds.dag);
  const page = await timeCalls(calls("page"), config.rounds.page);
  const validation: ValidationModule = await import(
    new URL(`file://${config.validation.bundle}`).href
  );
  const result: RunnerResult = {
    median: { dag: dag.median, page: page.median },
    overhead: { dag: dag.overhead, page: page.overhead },
    validation: {
      fixed: timeValidation(validation, "fixed", config.validation.checks),
      shuffled: timeValidation(validation, "shuffled", config.validation.checks),
    },
    codeGeneration: codeGeneration(),
  };
  console.log(JSON.stringify(result));
}

const deno = Reflect.get(globalThis, "Deno") as { args: string[] } | undefined;
const node = Reflect.get(globalThis, "process") as { argv: string[] } | undefined;
await main(JSON.parse(deno ? deno.args[0] : node!.argv[2]));
