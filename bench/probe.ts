/**
 * One measurement in a fresh process, so each contender starts from the same empty heap:
 *
 * - `startup BUNDLE URL`: time from importing the contender's bundle to the end of its first call
 *   (`GET` one DAG), in milliseconds;
 * - `paging BUNDLE URL CHECKPOINT`: every task instance of the run, a page of 100 at a time,
 *   reporting items per second and the peak memory seen by the checkpoint and by the end.
 *
 * Prints one JSON line.
 *
 * @module
 */
import { DAG_ID, DAG_RUN_ID } from "./payloads.ts";
import type { ContenderModule } from "./contenders/contender.ts";

/** The bearer token every contender sends. */
export const TOKEN = "bench-token";
/** The page size of the paging test. */
export const PAGING_PAGE_SIZE = 100;

/** What the paging probe reports. */
export interface PagingFigures {
  items: number;
  itemsPerSecond: number;
  /** Peak resident set size, bytes, up to the checkpoint and up to the end. */
  rssAtCheckpoint: number;
  rssAtEnd: number;
  /** Peak V8 heap in use, bytes, likewise. */
  heapAtCheckpoint: number;
  heapAtEnd: number;
}

async function main(): Promise<void> {
  const [mode, bundle, baseUrl, checkpointText] = Deno.args;
  const started = performance.now();
  const contender: ContenderModule = await import(new URL(`file://${bundle}`).href);
  const client = contender.connect(baseUrl, TOKEN);
  if (mode === "startup") {
    const dag = await contender.getDag(client, DAG_ID);
    if (dag.dag_id !== DAG_ID) throw new Error(`wrong DAG: ${dag.dag_id}`);
    console.log(JSON.stringify({ milliseconds: performance.now() - started }));
    return;
  }
  const checkpoint = Number(checkpointText);
  let items = 0;
  let rss = 0;
  let heap = 0;
  let rssAtCheckpoint = 0;
  let heapAtCheckpoint = 0;
  const begin = performance.now();
  for await (const _ of contender.eachTaskInstance(client, DAG_ID, DAG_RUN_ID, PAGING_PAGE_SIZE)) {
    items++;
    if (items % PAGING_PAGE_SIZE === 0) {
      const memory = Deno.memoryUsage();
      rss = Math.max(rss, memory.rss);
      heap = Math.max(heap, memory.heapUsed);
      if (items === checkpoint) [rssAtCheckpoint, heapAtCheckpoint] = [rss, heap];
    }
  }
  const seconds = (performance.now() - begin) / 1000;
  const figures: PagingFigures = {
    items,
    itemsPerSecond: items / seconds,
    rssAtCheckpoint,
    rssAtEnd: rss,
    heapAtCheckpoint,
    heapAtEnd: heap,
  };
  console.log(JSON.stringify(figures));
}

if (import.meta.main) await main();
