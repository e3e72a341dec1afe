/**
 * The server on Deno over Streamable HTTP (`Deno.serve`, as `airflowkit-mcp --http` serves it),
 * driven by the official SDK's client against the fake Airflow on loopback: every tool, then
 * the refusals. Also on Airflow 2, through `connect()`, and with a small size bound.
 */
import assert from "node:assert/strict";
import { configFromEnv, createMcpHandler } from "../mod.ts";
import { serveHandler } from "../src/http/serve.ts";
import { freePort } from "../../scripts/mcp_worker.ts";
import { countingProxy, serverEnv, startAirflow, TOKEN } from "./helpers/airflow.ts";
import { Caller, connectHttp } from "./helpers/client.ts";
import { checkServer } from "./helpers/scenario.ts";

async function serve(
  airflow: { url: string },
  env: Parameters<typeof serverEnv>[1],
  log: string[],
) {
  const handler = createMcpHandler(configFromEnv(serverEnv(airflow.url, env)), {
    log: (line) => log.push(line),
  });
  return await serveHandler(handler, { port: 0 });
}

Deno.test("Deno: the SDK's client calls every tool, and each refusal holds", async (t) => {
  const airflow = await startAirflow();
  const log: string[] = [];
  const writable = await serve(airflow, { writes: true }, log);
  const readOnly = await serve(airflow, { writes: false }, log);
  try {
    await checkServer(
      t,
      { writable: `${writable.url}/mcp`, readOnly: `${readOnly.url}/mcp` },
      airflow,
    );
    assert.deepEqual(log, [], "no tool failed unexpectedly");
  } finally {
    await Promise.all([writable.close(), readOnly.close()]);
    await airflow.close();
  }
});

Deno.test("Deno, on Airflow 2: connect() picks /api/v1 and the tools answer the same shapes", async () => {
  const airflow = await startAirflow("2.10.0");
  const log: string[] = [];
  const server = await serve(airflow, { writes: true }, log);
  const client = await connectHttp(`${server.url}/mcp`);
  try {
    const caller = new Caller(client);
    const status = await caller.ok("get_airflow_status");
    assert.equal(status.data.api, "v1");
    assert.equal(status.data.airflow_version, "2.10.0");
    const dags = await caller.ok("list_dags", { limit: 3 });
    assert.equal(dags.data.total, 15);
    // This fake Airflow 2 does not serve import errors: the DAGs are listed all the same.
    assert.equal(dags.data.import_errors, null);
    assert.match(dags.text, /Import errors: not available \(Airflow failed \(501\)/);
    await caller.refused(
      "get_dag",
      { dag_id: "etl_dayly" },
      /^DAG etl_dayly not found; similar: etl_daily\.$/,
    );
    const failed = await caller.ok("list_runs", { state: ["failed"], since: "1d" });
    assert.equal((failed.data.runs as { run_id: string }[])[0].run_id, airflow.failedRunId);
    const run = await caller.ok("get_run", { dag_id: "flaky_checks", run_id: airflow.failedRunId });
    assert.deepEqual(run.data.task_states, { success: 1, failed: 1, upstream_failed: 1 });
    const log2 = await caller.ok("get_task_log", {
      dag_id: "flaky_checks",
      run_id: airflow.failedRunId,
      task_id: "check_quality",
      lines: 3,
    });
    assert.equal((log2.data.lines as unknown[]).length, 3);
    const triggered = await caller.ok("trigger_dag_run", { dag_id: "etl_daily", wait_seconds: 30 });
    assert.equal((triggered.data.waited as { run: { state: string } }).run.state, "success");
    const variables = await caller.ok("list_variables");
    assert.equal((variables.data.variables as unknown[]).length, 3);
    await caller.ok("list_pools");
    await caller.ok("pause_dag", { dag_id: "reporting" });
    assert.deepEqual(log, []);
  } finally {
    await client.close();
    await server.close();
    await airflow.close();
  }
});

Deno.test("Deno: with a small bound, answers are cut and say what was left out", async () => {
  const airflow = await startAirflow();
  const server = await serve(airflow, { writes: false, maxOutputBytes: 2_000 }, []);
  const client = await connectHttp(`${server.url}/mcp`);
  try {
    const caller = new Caller(client, 2_000);
    const { data, text } = await caller.ok("list_dags", { limit: 100 });
    assert.match(
      data.truncated as string,
      /^Cut to stay under 2000 bytes: dags: \d+ of 15 items shown/,
    );
    assert.ok((data.dags as unknown[]).length < 15);
    assert.match(text, /Cut to stay under 2000 bytes/);
    const tail = await caller.ok("get_task_log", {
      dag_id: "flaky_checks",
      run_id: airflow.failedRunId,
      task_id: "check_quality",
      max_bytes: 200_000,
    });
    const lines = (tail.data.lines as { event: string }[]).map((line) => line.event);
    assert.ok(lines.length > 0 && lines.at(-1)!.includes("return code"), lines.join("\n"));
  } finally {
    await client.close();
    await server.close();
    await airflow.close();
  }
});

Deno.test("Deno: a client that drops a wait's stream stops the wait; the server stops polling Airflow", async () => {
  const airflow = await startAirflow();
  const proxy = countingProxy(airflow.url);
  const log: string[] = [];
  const server = await serve(proxy, { writes: true }, log);
  const client = await connectHttp(`${server.url}/mcp`);
  try {
    // A paused DAG's run stays queued: waiting for it would go on to the bound.
    const queued = await new Caller(client).ok("trigger_dag_run", {
      dag_id: "maintenance_cleanup",
    });
    const runId = (queued.data.run as { run_id: string }).run_id;
    const dropped = new AbortController();
    const response = await fetch(`${server.url}/mcp`, {
      method: "POST",
      signal: dropped.signal,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: {
          name: "wait_for_run",
          arguments: { dag_id: "maintenance_cleanup", run_id: runId, wait_seconds: 60 },
          _meta: { progressToken: "wait" },
        },
      }),
    });
    const first = await response.body!.getReader().read();
    assert.match(new TextDecoder().decode(first.value), /notifications\/progress/);
    dropped.abort();
    // Ten poll intervals for the server to notice; then none of its polls may reach Airflow.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const settled = proxy.count();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(proxy.count(), settled, "the server still polls Airflow for a call nobody reads");
    assert.deepEqual(log, []);
  } finally {
    await client.close();
    await server.close();
    await proxy.close();
    await airflow.close();
  }
});

Deno.test("Deno: Airflow unreachable, or refusing the server's credentials, is a tool error for the operator", async () => {
  const airflow = await startAirflow();
  const closed = freePort();
  const log: string[] = [];
  const unreachable = await serve({ url: `http://127.0.0.1:${closed}` }, { writes: false }, log);
  const handler = createMcpHandler(
    configFromEnv({
      ...serverEnv(airflow.url, { writes: false }),
      AIRFLOW_PASSWORD: "not-the-password-0123",
    }),
    { log: (line) => log.push(line) },
  );
  const refused = await serveHandler(handler, { port: 0 });
  try {
    const down = await connectHttp(`${unreachable.url}/mcp`);
    const text = await new Caller(down).refused(
      "get_airflow_status",
      {},
      /could not reach Airflow/,
    );
    assert.doesNotMatch(text, new RegExp(String(closed)), "no URL in the error");
    await down.close();
    const wrong = await connectHttp(`${refused.url}/mcp`);
    await new Caller(wrong).refused(
      "list_dags",
      {},
      /^Airflow refused the MCP server's credentials \(401\)\. The operator should check/,
    );
    await wrong.close();
    assert.deepEqual(log, []);
  } finally {
    await Promise.all([unreachable.close(), refused.close()]);
    await airflow.close();
  }
});
