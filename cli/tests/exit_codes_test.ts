/**
 * The documented exit codes, from the CLI run as a separate process against the fake over
 * loopback HTTP, each with the message that says why.
 */
import assert from "node:assert/strict";
import { serveFake } from "./helpers/fake_server.ts";
import { runIn } from "./helpers/memory_io.ts";
import { baseEnv, cliCommand, runCli } from "./helpers/process.ts";

Deno.test("0 done, 1 the run failed, 4 not found, 7 refused by the server", async () => {
  const server = await serveFake();
  try {
    const env = server.env;
    assert.equal((await runCli(["dags", "ls"], { env })).code, 0);
    const failed = await runCli([
      "runs",
      "trigger",
      "flaky_checks",
      "--wait",
      "--interval",
      "100ms",
    ], { env });
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stdout, /✗ flaky_checks .* failed in .*; failed: check_quality/);
    const missing = await runCli(["dags", "pause", "no_such_dag"], { env });
    assert.equal(missing.code, 4);
    assert.match(missing.stderr, /^error: PATCH .*no_such_dag.* 404/m);
    const first = await runCli(["runs", "trigger", "etl_daily", "--run-id", "twice"], { env });
    assert.equal(first.code, 0, first.stderr);
    const again = await runCli(["runs", "trigger", "etl_daily", "--run-id", "twice"], { env });
    assert.equal(again.code, 7);
    assert.match(again.stderr, /409/);
  } finally {
    await server.close();
  }
});

Deno.test("2 usage errors name what was wrong", async () => {
  const cases: [string[], RegExp][] = [
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["runs", "trigger"], /missing required argument 'dag_id'/],
    [["dags", "ls", "--output", "xml"], /Allowed choices are table, json, ndjson/],
    [["--fake", "runs", "trigger", "etl_daily", "--conf", "[1]"], /expected a JSON object/],
    [["--fake", "runs", "trigger", "etl_daily", "--conf", "{day:1}"], /--conf.*not JSON/],
    [["--fake", "runs", "ls", "--since", "yesterday"], /--since must be a duration such as 30s/],
    [["--fake", "runs", "ls", "--limit", "0"], /--limit.*at least 1/],
    [["dags", "ls"], /no Airflow to talk to: set AIRFLOW_URL/],
    [["--url", "ftp://example.com", "dags", "ls"], /--url must be an http or https URL/],
    [
      ["--fake", "runs", "trigger", "etl_daily", "--follow-logs", "-o", "json"],
      /use --output table or ndjson/,
    ],
    [["--fake", "tasks", "clear", "etl_daily", "r"], /needs --yes when there is no terminal/],
  ];
  for (const [args, message] of cases) {
    const result = await runCli(args);
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, message, args.join(" "));
    assert.equal(result.stdout, "", args.join(" "));
  }
});

Deno.test("3 authentication refused, 6 no connection", async () => {
  const server = await serveFake();
  try {
    const wrong = await runCli(["dags", "ls"], {
      env: { ...server.env, AIRFLOW_PASSWORD: "wrong" },
    });
    assert.equal(wrong.code, 3, wrong.stderr);
    assert.match(wrong.stderr, /hint: check AIRFLOW_USERNAME and AIRFLOW_PASSWORD/);
  } finally {
    await server.close();
  }
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const refused = await runCli(["dags", "ls"], {
    env: { AIRFLOW_URL: `http://127.0.0.1:${port}`, AIRFLOW_TOKEN: "t" },
  });
  assert.equal(refused.code, 6, refused.stderr);
  assert.match(refused.stderr, /failed to connect/);
});

Deno.test("5 when --timeout ends the waiting: the run keeps going, and how to follow it again", async () => {
  const server = await serveFake({ pace: 1 });
  try {
    const result = await runCli(
      ["runs", "trigger", "etl_daily", "--run-id", "slow", "--wait", "--timeout", "300ms"],
      { env: server.env },
    );
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /gave up waiting after 0s; the run etl_daily slow keeps going/);
    assert.match(result.stderr, /Follow it again with: airflowkit runs wait etl_daily slow/);
  } finally {
    await server.close();
  }
});

Deno.test("8 declined at the prompt; nothing is cleared", async () => {
  const server = await serveFake({
    pace: 1,
    runs: [{
      dag_id: "flaky_checks",
      dag_run_id: "f1",
      triggeredAt: new Date(Date.now() - 3_600_000),
    }],
  });
  try {
    const declined = await runIn(["tasks", "clear", "flaky_checks", "f1", "--failed"], {
      env: server.env,
      terminal: 100,
      stdin: ["n"],
    });
    assert.equal(declined.code, 8, declined.stderr);
    assert.match(
      declined.stderr,
      /Clear 2 task instances of flaky_checks f1\? They will run again\. \[y\/N\]/,
    );
    assert.match(declined.stderr, /nothing was changed/);
    const after = await runIn([
      "tasks",
      "ls",
      "flaky_checks",
      "f1",
      "--state",
      "failed",
      "-o",
      "json",
    ], {
      env: server.env,
    });
    assert.equal(JSON.parse(after.stdout).length, 1, "the failed task is still failed");
  } finally {
    await server.close();
  }
});

Deno.test("130 on Ctrl-C while waiting: it stops, and says the run keeps going", async () => {
  const server = await serveFake({ pace: 1 });
  try {
    const [command, ...prefix] = cliCommand();
    const child = new Deno.Command(command, {
      args: [...prefix, "runs", "trigger", "etl_daily", "--run-id", "interrupted", "--wait"],
      env: { ...baseEnv(), ...server.env },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let stderr = "";
    while (!stderr.includes("interrupted: queued") && !stderr.includes("interrupted: running")) {
      const { value, done } = await reader.read();
      if (done) break;
      stderr += value;
    }
    child.kill("SIGINT");
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      stderr += value;
    }
    const { code } = await child.output().catch(() => child.status);
    assert.equal(code, 130, stderr);
    assert.match(
      stderr,
      /stopped waiting; the run etl_daily interrupted keeps going on the server/,
    );
    const run = await runCli(["runs", "ls", "--dag", "etl_daily", "-o", "json"], {
      env: server.env,
    });
    assert.notEqual(JSON.parse(run.stdout)[0].state, "failed", "the run was left alone");
  } finally {
    await server.close();
  }
});
