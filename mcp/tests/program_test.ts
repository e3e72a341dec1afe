/**
 * The `airflowkit-mcp` program from source on Deno, code generation from strings forbidden:
 * over stdio (spawned by the official SDK's client, as desktop assistants spawn it), over HTTP
 * with `--http`, and refusing bad configuration before it serves anything.
 */
import assert from "node:assert/strict";
import { PASSWORD, serverEnv, startAirflow, TOKEN } from "./helpers/airflow.ts";
import { Caller, connectHttp } from "./helpers/client.ts";
import {
  assertNoSecrets,
  connectStdio,
  DENO_SOURCE,
  runToEnd,
  startHttp,
  toolNames,
} from "./helpers/program.ts";
import { READ_TOOLS, WRITE_TOOLS } from "./helpers/scenario.ts";

Deno.test("stdio: spawned by the SDK's client, the program answers tools and refuses bad arguments", async () => {
  const airflow = await startAirflow();
  const session = await connectStdio(DENO_SOURCE, serverEnv(airflow.url, { writes: false }));
  try {
    assert.deepEqual(await toolNames(session.client), READ_TOOLS);
    const caller = new Caller(session.client);
    const status = await caller.ok("get_airflow_status");
    assert.equal(status.data.writes_enabled, false);
    const failed = await caller.ok("list_runs", { state: ["failed"], since: "24h" });
    assert.equal((failed.data.runs as { run_id: string }[])[0].run_id, airflow.failedRunId);
    const log = await caller.ok("get_task_log", {
      dag_id: "flaky_checks",
      run_id: airflow.failedRunId,
      task_id: "check_quality",
    });
    assert.match(log.text, /null_ratio/);
    await caller.refused("list_dags", { limit: 0 }, /Input validation error.*limit/s);
    await caller.refused("trigger_dag_run", { dag_id: "etl_daily" }, /not found/);
  } finally {
    await session.close();
    await airflow.close();
  }
  assertNoSecrets(session.stderr(), [PASSWORD, TOKEN]);
});

Deno.test("--http: the program serves the endpoint until SIGTERM, behind its bearer token", async () => {
  const airflow = await startAirflow();
  const program = await startHttp(DENO_SOURCE, serverEnv(airflow.url, { writes: true }));
  try {
    assert.match(program.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = await connectHttp(program.url);
    try {
      assert.deepEqual(await toolNames(client), [...READ_TOOLS, ...WRITE_TOOLS]);
      const caller = new Caller(client);
      const run = await caller.ok("trigger_dag_run", { dag_id: "etl_daily", wait_seconds: 30 });
      assert.equal((run.data.waited as { run: { state: string } }).run.state, "success");
    } finally {
      await client.close();
    }
    await assert.rejects(
      connectHttp(program.url, "y".repeat(40)),
      (error: { code?: number }) => error.code === 401,
    );
  } finally {
    const { code, stderr } = await program.stop();
    await airflow.close();
    assert.equal(code, 0, stderr);
    assert.match(stderr, /writes enabled/);
    assertNoSecrets(stderr, [PASSWORD, TOKEN]);
  }
});

Deno.test("the program refuses bad configuration with exit code 2, naming the variable, never its value", async () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [[], {}, /AIRFLOW_URL: is not set/],
    [
      [],
      { AIRFLOW_URL: "https://admin:hunter2-secret@airflow.example.com" },
      /AIRFLOW_URL: must not carry credentials/,
    ],
    [
      ["--http"],
      { AIRFLOW_URL: "http://127.0.0.1:9", MCP_BEARER_TOKEN: "short-hunter2-secret" },
      /MCP_BEARER_TOKEN: each token must be at least 32 characters/,
    ],
    [
      ["--http"],
      { AIRFLOW_URL: "http://127.0.0.1:9" },
      /MCP_BEARER_TOKEN: is not set, nor Cloudflare Access/,
    ],
    [
      [],
      { AIRFLOW_URL: "http://127.0.0.1:9", AIRFLOW_PASSWORD: "hunter2-secret" },
      /AIRFLOW_USERNAME: is not set, but AIRFLOW_PASSWORD is/,
    ],
    [
      [],
      { AIRFLOW_URL: "http://127.0.0.1:9", MCP_MAX_WAIT_SECONDS: "forever" },
      /MCP_MAX_WAIT_SECONDS: must be a number from 0 to 3600/,
    ],
    [
      ["--port", "80"],
      { AIRFLOW_URL: "http://127.0.0.1:9" },
      /--hostname and --port go with --http/,
    ],
  ];
  for (const [args, env, message] of cases) {
    const { code, stdout, stderr } = await runToEnd(DENO_SOURCE, args, env);
    assert.equal(code, 2, `${args.join(" ")} ${JSON.stringify(Object.keys(env))}: ${stderr}`);
    assert.match(stderr, message);
    assert.equal(stdout, "", "nothing on standard output, which carries MCP over stdio");
    assertNoSecrets(stderr, ["hunter2-secret"]);
  }
  const help = await runToEnd(DENO_SOURCE, ["--help"], {});
  assert.equal(help.code, 0);
  for (const name of ["AIRFLOW_URL", "AIRFLOW_TOKEN", "MCP_BEARER_TOKEN", "MCP_ALLOW_WRITES"]) {
    assert.match(help.stdout, new RegExp(name));
  }
});
