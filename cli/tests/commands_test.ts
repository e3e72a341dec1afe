/**
 * Each command against the fake Airflow over loopback HTTP, run in the test process with its
 * output kept: what it prints for people, what it prints as JSON, and what it changed.
 */
import assert from "node:assert/strict";
import { runIn } from "./helpers/memory_io.ts";
import { serveFake } from "./helpers/fake_server.ts";

const HOUR = 3_600_000;

Deno.test("dags ls, pause and unpause", async () => {
  const server = await serveFake();
  try {
    const env = server.env;
    const table = await runIn(["dags", "ls"], { env });
    assert.equal(table.code, 0, table.stderr);
    const [header, ...rows] = table.stdout.trimEnd().split("\n");
    assert.match(header, /^DAG\s+PAUSED\s+SCHEDULE\s+NEXT RUN\s+TAGS$/);
    assert.equal(rows.length, 12);
    assert.match(table.stdout, /maintenance_cleanup\s+yes\s/);

    const tagged = await runIn(["dags", "ls", "--tag", "quality", "-o", "json"], { env });
    assert.deepEqual(JSON.parse(tagged.stdout).map((dag: { dag_id: string }) => dag.dag_id), [
      "flaky_checks",
    ]);

    const paused = await runIn(["dags", "pause", "etl_daily", "-o", "json"], { env });
    assert.equal(paused.code, 0, paused.stderr);
    assert.equal(JSON.parse(paused.stdout).is_paused, true);
    const onlyPaused = await runIn(["dags", "ls", "--paused", "-o", "json"], { env });
    assert.deepEqual(
      JSON.parse(onlyPaused.stdout).map((dag: { dag_id: string }) => dag.dag_id).sort(),
      ["etl_daily", "maintenance_cleanup"],
    );
    const unpaused = await runIn(["dags", "unpause", "etl_daily"], { env });
    assert.equal(unpaused.stdout, "Unpaused etl_daily\n");
  } finally {
    await server.close();
  }
});

Deno.test("runs ls filters by state and --since across every DAG, newest first", async () => {
  const now = Date.now();
  const server = await serveFake({
    pace: 1,
    runs: [
      { dag_id: "flaky_checks", dag_run_id: "f30", triggeredAt: new Date(now - 30 * HOUR) },
      { dag_id: "flaky_checks", dag_run_id: "f8", triggeredAt: new Date(now - 8 * HOUR) },
      { dag_id: "etl_daily", dag_run_id: "e6", triggeredAt: new Date(now - 6 * HOUR) },
      { dag_id: "flaky_checks", dag_run_id: "f2", triggeredAt: new Date(now - 2 * HOUR) },
    ],
  });
  try {
    const failed = await runIn(
      ["runs", "ls", "--state", "failed", "--since", "24h", "-o", "json"],
      {
        env: server.env,
      },
    );
    assert.equal(failed.code, 0, failed.stderr);
    const runs = JSON.parse(failed.stdout);
    assert.deepEqual(runs.map((run: { run_id: string }) => run.run_id), ["f2", "f8"]);
    assert.deepEqual(Object.keys(runs[0]).sort(), [
      "conf",
      "dag_id",
      "duration",
      "end_date",
      "logical_date",
      "run_id",
      "run_type",
      "start_date",
      "state",
    ]);
    const all = await runIn(["runs", "ls", "--dag", "flaky_checks", "-o", "ndjson"], {
      env: server.env,
    });
    assert.equal(all.stdout.trim().split("\n").length, 3);
    const bad = await runIn(["runs", "ls", "--state", "broken"], { env: server.env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--state: unknown "broken"; use queued, running, success, failed/);
  } finally {
    await server.close();
  }
});

Deno.test("runs trigger passes --conf and --run-id; --wait exits with the run's outcome", async () => {
  const server = await serveFake();
  try {
    const env = server.env;
    const triggered = await runIn([
      "runs",
      "trigger",
      "etl_daily",
      "--conf",
      '{"day":"2026-11-20"}',
      "--run-id",
      "cli-test-1",
      "-o",
      "json",
    ], { env });
    assert.equal(triggered.code, 0, triggered.stderr);
    const run = JSON.parse(triggered.stdout);
    assert.equal(run.run_id, "cli-test-1");
    assert.deepEqual(run.conf, { day: "2026-11-20" });

    const ok = await runIn(["runs", "wait", "etl_daily", "cli-test-1", "--interval", "100ms"], {
      env,
    });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /✓ etl_daily cli-test-1 success in /);

    const failed = await runIn(
      ["runs", "trigger", "flaky_checks", "--wait", "--interval", "100ms", "-o", "json"],
      { env },
    );
    assert.equal(failed.code, 1, failed.stderr);
    assert.equal(JSON.parse(failed.stdout).state, "failed");
    assert.match(failed.stderr, /^Triggered flaky_checks /m);
  } finally {
    await server.close();
  }
});

Deno.test("tasks ls and logs of a finished run", async () => {
  const server = await serveFake({
    pace: 1,
    runs: [{ dag_id: "reporting", dag_run_id: "r1", triggeredAt: new Date(Date.now() - HOUR) }],
  });
  try {
    const env = server.env;
    const tasks = await runIn(["tasks", "ls", "reporting", "r1", "-o", "json"], { env });
    const rows = JSON.parse(tasks.stdout).sort((a: { task_id: string }, b: { task_id: string }) =>
      a.task_id.localeCompare(b.task_id)
    );
    assert.deepEqual(
      rows.map((task: { task_id: string; state: string; try_number: number }) => [
        task.task_id,
        task.state,
        task.try_number,
      ]),
      [["build_report", "success", 2], ["collect_metrics", "success", 1], ["notify", "success", 1]],
    );

    const latest = await runIn(["logs", "reporting", "r1", "build_report"], { env });
    assert.equal(latest.code, 0, latest.stderr);
    assert.match(latest.stdout, /INFO Uploading PDF/);
    assert.match(latest.stdout, /attempt 2/);
    const first = await runIn([
      "logs",
      "reporting",
      "r1",
      "build_report",
      "--try",
      "1",
      "-o",
      "ndjson",
    ], {
      env,
    });
    const lines = first.stdout.trim().split("\n").map((line) => JSON.parse(line));
    assert.ok(lines.every((line) => line.try_number === 1 && line.task_id === "build_report"));
    assert.ok(lines.some((line) => line.level === "error"));
    const missing = await runIn(["logs", "reporting", "r1", "no_such_task"], { env });
    assert.equal(missing.code, 4, missing.stderr);
  } finally {
    await server.close();
  }
});

Deno.test("vars set, get, ls and delete", async () => {
  const server = await serveFake();
  try {
    const env = server.env;
    const set = await runIn(["vars", "set", "limits", '{"max": 3}', "--description", "caps"], {
      env,
    });
    assert.equal(set.stdout, "Set limits\n");
    const got = await runIn(["vars", "get", "limits"], { env });
    assert.equal(got.stdout, '{"max": 3}\n');
    const json = await runIn(["variables", "get", "limits", "-o", "json"], { env });
    assert.deepEqual(JSON.parse(json.stdout), {
      key: "limits",
      value: '{"max": 3}',
      description: "caps",
    });
    const listed = await runIn(["vars", "ls", "-o", "json"], { env });
    assert.deepEqual(JSON.parse(listed.stdout).map((row: { key: string }) => row.key), ["limits"]);

    const refused = await runIn(["vars", "delete", "limits"], { env });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /needs --yes/);
    const deleted = await runIn(["vars", "rm", "limits", "--yes"], { env });
    assert.equal(deleted.code, 0, deleted.stderr);
    const gone = await runIn(["vars", "get", "limits"], { env });
    assert.equal(gone.code, 4);
  } finally {
    await server.close();
  }
});

Deno.test("version names the CLI, the server and the API it speaks", async () => {
  const server = await serveFake();
  try {
    const result = await runIn(["version", "-o", "json"], { env: server.env });
    assert.deepEqual(JSON.parse(result.stdout), {
      client: "0.1.0",
      server: { url: server.url, version: "3.2.1", git_version: null, api: "v2" },
    });
    const human = await runIn(["version"], { env: server.env });
    assert.match(human.stdout, /^API:\s+\/api\/v2 \(Airflow 3\)$/m);
    const alone = await runIn(["version", "--client", "-o", "json"], { env: server.env });
    assert.deepEqual(JSON.parse(alone.stdout), { client: "0.1.0", server: null });
  } finally {
    await server.close();
  }
});
