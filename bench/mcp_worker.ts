/**
 * The MCP server's Worker on the edge: its bundle (built as a user deploys it,
 * `scripts/mcp_worker.ts`) minified and gzipped, and its cold start in `workerd`: a fresh
 * workerd per run, timed from the outside over loopback, beside an empty Worker's, then the
 * same requests warm. Its tool call goes to the fake Airflow.
 *
 * @module
 */
import { exampleSeed, FakeAirflow } from "../src/testing/mod.ts";
import { freePort, mcpProject, startWorkerd, workerdConfig } from "../scripts/mcp_worker.ts";
import { gzippedLength } from "../scripts/size.ts";

/** What the benchmark measured of the MCP Worker; times are medians, in milliseconds. */
export interface McpWorkerFigures {
  minified: number;
  gzipped: number;
  /** Cold runs made: a fresh workerd each. */
  runs: number;
  /** From spawning workerd to its port accepting connections, with the MCP Worker. */
  bootMs: number;
  /** The same with an empty Worker. */
  emptyBootMs: number;
  /** The first request after boot (MCP `initialize`): loading the module and answering. */
  firstRequestMs: number;
  /** The first request to an empty Worker. */
  emptyFirstRequestMs: number;
  /** `initialize`, once warm. */
  warmInitializeMs: number;
  /** `tools/list`, first and warm. */
  firstToolsListMs: number;
  warmToolsListMs: number;
  /** `list_dags` against the fake Airflow: the first (connecting, signing in) and warm. */
  firstToolCallMs: number;
  warmToolCallMs: number;
}

const TOKEN = "bench-token-0123456789abcdef0123456789abcdef";
const EMPTY = "export default { fetch() { return new Response('ok'); } };";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

let id = 0;

/** Posts one JSON-RPC request and returns the milliseconds until its whole answer was read. */
async function timed(port: number, method: string, params: unknown = {}): Promise<number> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
  });
  const text = await response.text();
  const elapsed = performance.now() - started;
  if (!response.ok || /"error":\{"code"|"isError":true/.test(text)) {
    throw new Error(`${method} failed: ${response.status} ${text.slice(0, 300)}`);
  }
  return elapsed;
}

const INITIALIZE = {
  protocolVersion: "2025-06-18",
  capabilities: {},
  clientInfo: { name: "airflowkit-bench", version: "1" },
};
const LIST_DAGS = { name: "list_dags", arguments: { limit: 20 } };

/**
 * Measures the MCP Worker: `runs` cold starts, each followed by `warmRounds` warm requests of
 * each kind.
 */
export async function measureMcpWorker(
  runs: number,
  warmRounds: number,
  log: (line: string) => void,
): Promise<McpWorkerFigures> {
  log("building the MCP Worker as a user deploys it");
  const project = await mcpProject();
  await Deno.writeTextFile(`${project.dir}/empty.js`, EMPTY);
  const airflow = await new FakeAirflow(exampleSeed()).listen();
  const bindings = {
    AIRFLOW_URL: airflow.url,
    AIRFLOW_USERNAME: "admin",
    AIRFLOW_PASSWORD: "admin",
    MCP_BEARER_TOKEN: TOKEN,
  };
  const samples: Record<string, number[]> = {};
  const add = (name: string, value: number) => (samples[name] ??= []).push(value);
  try {
    log(`timing ${runs} cold starts of the MCP Worker in workerd`);
    for (let run = 0; run < runs; run++) {
      for (const module of ["empty.js", project.bundle]) {
        const port = freePort();
        const config = workerdConfig(module, [{ port, bindings }]);
        const workerd = await startWorkerd(project.dir, config, [port]);
        try {
          if (module === "empty.js") {
            add("emptyBoot", workerd.startMilliseconds);
            const started = performance.now();
            await (await fetch(`http://127.0.0.1:${port}/`)).text();
            add("emptyFirst", performance.now() - started);
            continue;
          }
          add("boot", workerd.startMilliseconds);
          add("first", await timed(port, "initialize", INITIALIZE));
          add("firstList", await timed(port, "tools/list"));
          add("firstCall", await timed(port, "tools/call", LIST_DAGS));
          for (let round = 0; round < warmRounds; round++) {
            add("warmInitialize", await timed(port, "initialize", INITIALIZE));
            add("warmList", await timed(port, "tools/list"));
            add("warmCall", await timed(port, "tools/call", LIST_DAGS));
          }
        } finally {
          await workerd.stop();
        }
      }
    }
  } finally {
    await airflow.close();
  }
  return {
    minified: project.code.byteLength,
    gzipped: await gzippedLength(project.code),
    runs,
    bootMs: median(samples.boot),
    emptyBootMs: median(samples.emptyBoot),
    firstRequestMs: median(samples.first),
    emptyFirstRequestMs: median(samples.emptyFirst),
    warmInitializeMs: median(samples.warmInitialize),
    firstToolsListMs: median(samples.firstList),
    warmToolsListMs: median(samples.warmList),
    firstToolCallMs: median(samples.firstCall),
    warmToolCallMs: median(samples.warmCall),
  };
}
