/**
 * The server as a Cloudflare Worker, deployed as the README says: the packed npm packages
 * installed into a fresh project, the module the shipped `wrangler.toml` names bundled with
 * esbuild, and run by `workerd` (which forbids making code from strings), backed by the fake
 * Airflow on loopback. The official SDK's client calls every tool, then checks each refusal.
 */
import assert from "node:assert/strict";
import { freePort, mcpProject, startWorkerd, workerdConfig } from "../../scripts/mcp_worker.ts";
import { countingProxy, serverEnv, startAirflow } from "./helpers/airflow.ts";
import { checkServer } from "./helpers/scenario.ts";

Deno.test("workerd: the Worker bundled from the package answers every tool and each refusal", async (t) => {
  const project = await mcpProject();
  assert.equal(project.main, "node_modules/@airflowkit/mcp/esm/worker.js");
  const airflow = await startAirflow();
  const proxy = countingProxy(airflow.url);
  const ports = [freePort(), freePort()];
  const services = [
    { port: ports[0], bindings: serverEnv(proxy.url, { writes: true }) },
    { port: ports[1], bindings: serverEnv(proxy.url, { writes: false }) },
  ];
  const workerd = await startWorkerd(project.dir, workerdConfig(project.bundle, services), ports);
  let log = "";
  try {
    await checkServer(t, {
      writable: `http://127.0.0.1:${ports[0]}/mcp`,
      readOnly: `http://127.0.0.1:${ports[1]}/mcp`,
    }, airflow);
  } finally {
    log = await workerd.stop();
    await proxy.close();
    await airflow.close();
  }
  assert.doesNotMatch(log, /airflowkit-mcp: .* failed unexpectedly/, log);
  // Each Worker's isolate connects and signs in once at most, not per request (Airflow's token
  // endpoint is rate-limited): two isolates, about a hundred calls.
  const count = (request: string) => proxy.seen.filter((seen) => seen === request).length;
  assert.ok(proxy.seen.length > 100, `${proxy.seen.length} requests`);
  assert.ok(count("POST /auth/token") <= 2, proxy.seen.join("\n"));
  assert.ok(count("GET /api/v2/version") <= 4, proxy.seen.join("\n"));
});

Deno.test("workerd: a Worker with no bearer token and no Access refuses every request, saying only that it is misconfigured", async () => {
  const project = await mcpProject();
  const port = freePort();
  const bindings = { AIRFLOW_URL: "http://127.0.0.1:9", AIRFLOW_TOKEN: "a-token-never-shown-1234" };
  const workerd = await startWorkerd(
    project.dir,
    workerdConfig(project.bundle, [{ port, bindings }]),
    [port],
  );
  let log = "";
  try {
    const response = await fetch(`http://127.0.0.1:${port}/mcp`, { method: "POST", body: "{}" });
    assert.equal(response.status, 500);
    const body = await response.text();
    assert.match(body, /misconfigured/);
    assert.doesNotMatch(body, /MCP_BEARER_TOKEN|a-token-never-shown/);
  } finally {
    log = await workerd.stop();
  }
  assert.match(log, /MCP_BEARER_TOKEN: is not set/);
  assert.doesNotMatch(log, /a-token-never-shown/);
});
