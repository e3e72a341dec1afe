/**
 * The Airflow 2 path: `connect()` finds `/api/v1`, and the commands work through `AirflowV1`,
 * against the embedded fake playing Airflow 2.10 over loopback HTTP (see helpers/v1_server.ts).
 */
import assert from "node:assert/strict";
import { runIn } from "./helpers/memory_io.ts";
import { serveV1 } from "./helpers/v1_server.ts";

Deno.test("version says Airflow 2 and /api/v1", async () => {
  const server = await serveV1();
  try {
    const result = await runIn(["version", "-o", "json"], { env: server.env });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).server, {
      url: server.url,
      version: "2.10.0",
      git_version: null,
      api: "v1",
    });
  } finally {
    await server.close();
  }
});

Deno.test("dags, runs, tasks, logs and vars on Airflow 2", async () => {
  const server = await serveV1({
    pace: 1,
    runs: [{
      dag_id: "flaky_checks",
      dag_run_id: "old",
      triggeredAt: new Date(Date.now() - 3_600_000),
    }],
  });
  try {
    const env = server.env;
    const dags = await runIn(["dags", "ls", "-o", "json"], { env });
    assert.equal(dags.code, 0, dags.stderr);
    assert.equal(JSON.parse(dags.stdout).length, 12);
    const paused = await runIn(["dags", "pause", "etl_daily", "-o", "json"], { env });
    assert.equal(JSON.parse(paused.stdout).is_paused, true, paused.stderr);

    const failed = await runIn(["runs", "ls", "--state", "failed", "--since", "1d", "-o", "json"], {
      env,
    });
    assert.deepEqual(JSON.parse(failed.stdout).map((run: { run_id: string }) => run.run_id), [
      "old",
    ]);
    const tasks = await runIn(["tasks", "ls", "flaky_checks", "old", "--state", "failed"], { env });
    assert.match(tasks.stdout, /^check_quality\s+failed\s+2\s/m);
    const log = await runIn(["logs", "flaky_checks", "old", "check_quality", "-o", "ndjson"], {
      env,
    });
    assert.equal(log.code, 0, log.stderr);
    assert.ok(log.stdout.includes("Check null_ratio(orders.customer_id) failed"));

    const preview = await runIn([
      "tasks",
      "clear",
      "flaky_checks",
      "old",
      "--failed",
      "--dry-run",
      "-o",
      "json",
    ], {
      env,
    });
    assert.equal(preview.code, 0, preview.stderr);
    const { dry_run, task_instances } = JSON.parse(preview.stdout);
    assert.equal(dry_run, true);
    assert.deepEqual(task_instances.map((task: { task_id: string }) => task.task_id).sort(), [
      "check_quality",
      "publish",
    ]);

    const set = await runIn(["vars", "set", "region", "eu-west-1"], { env });
    assert.equal(set.code, 0, set.stderr);
    assert.equal((await runIn(["vars", "get", "region"], { env })).stdout, "eu-west-1\n");
  } finally {
    await server.close();
  }
});

Deno.test("runs trigger --wait --follow-logs on Airflow 2: polled, logs labelled, outcome as exit code", async () => {
  const server = await serveV1({ pace: 20 });
  try {
    const result = await runIn(
      [
        "runs",
        "trigger",
        "etl_daily",
        "--run-id",
        "v1-run",
        "--wait",
        "--follow-logs",
        "--interval",
        "100ms",
      ],
      { env: server.env },
    );
    assert.equal(result.code, 0, result.stderr);
    // Airflow 2 writes its lines as text with the time, the source and the level in front.
    assert.match(
      result.stdout,
      /^extract\s+\| \[.*\] \{.*\} INFO - Connecting to the orders API$/m,
    );
    assert.match(result.stdout, /^load\s+\| .*INFO - Load committed$/m);
    assert.match(result.stdout, /^✓ etl_daily v1-run success in /m);
  } finally {
    await server.close();
  }
});
