/**
 * The MCP server's npm package as users install it (`scripts/mcp_worker.ts` packs and installs
 * it with the library's): its manifest, and the `airflowkit-mcp` bin on Node, code generation
 * from strings forbidden, over stdio (as `npx @airflowkit/mcp` in a desktop assistant's
 * configuration) and over HTTP.
 */
import assert from "node:assert/strict";
import { mcpProject } from "../../scripts/mcp_worker.ts";
import { PASSWORD, serverEnv, startAirflow, TOKEN } from "./helpers/airflow.ts";
import { Caller, connectHttp } from "./helpers/client.ts";
import {
  assertNoSecrets,
  connectStdio,
  type Launcher,
  startHttp,
  toolNames,
} from "./helpers/program.ts";
import { READ_TOOLS, WRITE_TOOLS } from "./helpers/scenario.ts";

async function nodeBin(): Promise<Launcher> {
  const { dir } = await mcpProject();
  return {
    command: "node",
    args: ["--disallow-code-generation-from-strings", `${dir}/node_modules/.bin/airflowkit-mcp`],
  };
}

Deno.test("the npm package: entry points, a bin, four dependencies, and the wrangler.toml", async () => {
  const { dir } = await mcpProject();
  const installed = `${dir}/node_modules/@airflowkit/mcp`;
  const manifest = JSON.parse(await Deno.readTextFile(`${installed}/package.json`));
  const deno = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  assert.equal(manifest.name, deno.name);
  assert.equal(manifest.version, deno.version);
  assert.deepEqual(Object.keys(manifest.exports), [".", "./worker", "./main"]);
  assert.deepEqual(manifest.bin, { "airflowkit-mcp": "bin/airflowkit-mcp.js" });
  assert.deepEqual(Object.keys(manifest.dependencies), [
    "@airflowkit/client",
    "@hono/node-server",
    "@modelcontextprotocol/sdk",
    "zod",
  ]);
  const bin = await Deno.readTextFile(`${installed}/bin/airflowkit-mcp.js`);
  assert.ok(bin.startsWith("#!/usr/bin/env node\n"));
  const shipped = await Deno.readTextFile(`${installed}/wrangler.toml`);
  assert.equal(shipped, await Deno.readTextFile(new URL("../wrangler.toml", import.meta.url)));
  const library = JSON.parse(
    await Deno.readTextFile(`${dir}/node_modules/@airflowkit/client/package.json`),
  );
  assert.deepEqual(library.dependencies, {}, "the library still depends on no package");
  const { VERSION } = await import("../src/version.ts");
  assert.equal(VERSION, deno.version, "the server reports the package's version");
});

Deno.test("Node, stdio: the installed bin answers the SDK's client, with progress while it waits", async () => {
  const airflow = await startAirflow();
  const session = await connectStdio(await nodeBin(), serverEnv(airflow.url, { writes: true }));
  try {
    assert.deepEqual(await toolNames(session.client), [...READ_TOOLS, ...WRITE_TOOLS]);
    const caller = new Caller(session.client);
    const dags = await caller.ok("list_dags", { tags: ["etl"] });
    assert.equal(dags.data.total, 2);
    const steps: string[] = [];
    const run = await caller.call(
      "trigger_dag_run",
      { dag_id: "etl_daily", wait_seconds: 30 },
      (progress) => steps.push(progress.message ?? ""),
    );
    assert.equal((run.data.waited as { run: { state: string } }).run.state, "success", run.text);
    assert.ok(
      steps.length >= 1 && steps.every((step) => step.startsWith("etl_daily ")),
      `${steps}`,
    );
    await caller.refused("get_dag", { dag_id: "reportng" }, /similar: reporting/);
  } finally {
    await session.close();
    await airflow.close();
  }
  assertNoSecrets(session.stderr(), [PASSWORD, TOKEN]);
});

Deno.test("Node, --http: the installed bin serves Streamable HTTP behind its token", async () => {
  const airflow = await startAirflow();
  const program = await startHttp(await nodeBin(), serverEnv(airflow.url, { writes: false }));
  try {
    const client = await connectHttp(program.url);
    try {
      assert.deepEqual(await toolNames(client), READ_TOOLS);
      const caller = new Caller(client);
      const run = await caller.ok("get_run", {
        dag_id: "flaky_checks",
        run_id: airflow.failedRunId,
      });
      assert.equal((run.data.run as { state: string }).state, "failed");
    } finally {
      await client.close();
    }
    await assert.rejects(
      connectHttp(program.url, null),
      (error: { code?: number }) => error.code === 401,
    );
  } finally {
    const { code, stderr } = await program.stop();
    await airflow.close();
    assert.equal(code, 0, stderr);
    assertNoSecrets(stderr, [PASSWORD, TOKEN]);
  }
});
