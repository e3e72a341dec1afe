/**
 * The benchmark's loopback server: every contender calls it, in its own process so its work
 * does not share the clients' event loop. It answers from memory with bytes serialized once,
 * so each answer costs the server the same whoever asks.
 *
 * With `--order shuffled`, each answer's objects have their keys in an order of their own, drawn
 * from a few variants serialized at start, as a server that keeps no key order sends them.
 *
 * Usage: `deno run --allow-net=127.0.0.1 bench/server.ts [--total N] [--order fixed|shuffled]`;
 * prints `{"port": N}` on its first line once it listens, and stops when stdin closes.
 *
 * @module
 */
import { DAG_ID, DAG_RUN_ID, dagResponse, taskInstancePage } from "./payloads.ts";
import { shuffledJson } from "./shuffle.ts";

/** The page size the benchmark pages with, and the one pre-serialized at start. */
export const PAGE_SIZE = 100;

const JSON_HEADERS = { "content-type": "application/json" };
const encoder = new TextEncoder();

/** Key orders the shuffled server rotates through, per answer. */
const VARIANTS = 8;

/** How a server orders the keys of its objects. */
export type KeyOrder = "fixed" | "shuffled";

/**
 * Answers the benchmark's two operations for a run of `total` task instances, with keys in
 * `order`.
 */
export function benchHandler(
  total: number,
  order: KeyOrder = "fixed",
): (request: Request) => Response {
  let served = 0;
  const serialize = (value: unknown): Uint8Array<ArrayBuffer>[] =>
    order === "fixed"
      ? [encoder.encode(JSON.stringify(value))]
      : Array.from({ length: VARIANTS }, (_, seed) => encoder.encode(shuffledJson(value, seed)));
  const pick = (variants: Uint8Array<ArrayBuffer>[]) => variants[served++ % variants.length];
  const dags = serialize(dagResponse());
  const pages = new Map<string, Uint8Array<ArrayBuffer>[]>();
  const page = (offset: number, limit: number) => {
    const key = `${offset}/${limit}`;
    let variants = pages.get(key);
    if (!variants) {
      variants = serialize(taskInstancePage(offset, limit, total));
      pages.set(key, variants);
    }
    return pick(variants);
  };
  for (let offset = 0; offset < total; offset += PAGE_SIZE) page(offset, PAGE_SIZE);
  const dagPath = `/api/v2/dags/${DAG_ID}`;
  const tasksPath = `${dagPath}/dagRuns/${encodeURIComponent(DAG_RUN_ID)}/taskInstances`;

  return (request) => {
    if (!request.headers.get("authorization")?.startsWith("Bearer ")) {
      return Response.json({ detail: "Not authenticated" }, { status: 401 });
    }
    const url = new URL(request.url);
    if (url.pathname === dagPath) return new Response(pick(dags), { headers: JSON_HEADERS });
    if (url.pathname === tasksPath) {
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 50);
      return new Response(page(offset, limit), { headers: JSON_HEADERS });
    }
    return Response.json({ detail: `no route for ${url.pathname}` }, { status: 404 });
  };
}

if (import.meta.main) {
  const totalFlag = Deno.args.indexOf("--total");
  const total = totalFlag >= 0 ? Number(Deno.args[totalFlag + 1]) : 50_000;
  const orderFlag = Deno.args.indexOf("--order");
  const order = (orderFlag >= 0 ? Deno.args[orderFlag + 1] : "fixed") as KeyOrder;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    benchHandler(total, order),
  );
  console.log(JSON.stringify({ port: server.addr.port }));
  for await (const _ of Deno.stdin.readable) { /* runs until the parent closes stdin */ }
  await server.shutdown();
}
