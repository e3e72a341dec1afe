/**
 * The benchmark's loopback server: every contender calls it, in its own process so its work
 * does not share the clients' event loop. It answers from memory with bytes serialized once,
 * so each answer costs the server the same whoever asks.
 *
 * Usage: `deno run --allow-net=127.0.0.1 bench/server.ts [--total N]`; prints
 * `{"port": N}` on its first line once it listens, and stops when stdin closes.
 *
 * @module
 */
import { DAG_ID, DAG_RUN_ID, dagResponse, taskInstancePage } from "./payloads.ts";

/** The page size the benchmark pages with, and the one pre-serialized at start. */
export const PAGE_SIZE = 100;

const JSON_HEADERS = { "content-type": "application/json" };
const encoder = new TextEncoder();

/** Answers the benchmark's two operations for a run of `total` task instances. */
export function benchHandler(total: number): (request: Request) => Response {
  const dag = encoder.encode(JSON.stringify(dagResponse()));
  const pages = new Map<string, Uint8Array<ArrayBuffer>>();
  const page = (offset: number, limit: number) => {
    const key = `${offset}/${limit}`;
    let bytes = pages.get(key);
    if (!bytes) {
      bytes = encoder.encode(JSON.stringify(taskInstancePage(offset, limit, total)));
      pages.set(key, bytes);
    }
    return bytes;
  };
  for (let offset = 0; offset < total; offset += PAGE_SIZE) page(offset, PAGE_SIZE);
  const dagPath = `/api/v2/dags/${DAG_ID}`;
  const tasksPath = `${dagPath}/dagRuns/${encodeURIComponent(DAG_RUN_ID)}/taskInstances`;

  return (request) => {
    if (!request.headers.get("authorization")?.startsWith("Bearer ")) {
      return Response.json({ detail: "Not authenticated" }, { status: 401 });
    }
    const url = new URL(request.url);
    if (url.pathname === dagPath) return new Response(dag, { headers: JSON_HEADERS });
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
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    benchHandler(total),
  );
  console.log(JSON.stringify({ port: server.addr.port }));
  for await (const _ of Deno.stdin.readable) { /* runs until the parent closes stdin */ }
  await server.shutdown();
}
