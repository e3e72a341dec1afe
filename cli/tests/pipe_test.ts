/**
 * The CLI in a pipe, as scripts use it: JSON and NDJSON parsed back, plain progress lines on
 * standard error, and no colour codes anywhere.
 */
import assert from "node:assert/strict";
import { serveFake } from "./helpers/fake_server.ts";
import { ndjson, runCli } from "./helpers/process.ts";

const ESCAPE = "\x1b[";

Deno.test("runs trigger --wait --follow-logs -o ndjson: log rows as they come, then the run", async () => {
  const server = await serveFake({ pace: 20 });
  try {
    const result = await runCli(
      [
        "runs",
        "trigger",
        "reporting",
        "--run-id",
        "piped",
        "--wait",
        "--follow-logs",
        "--interval",
        "100ms",
        "-o",
        "ndjson",
      ],
      { env: server.env },
    );
    assert.equal(result.code, 0, result.stderr);
    const rows = ndjson(result.stdout);
    const run = rows.pop()!;
    assert.equal(run.run_id, "piped");
    assert.equal(run.state, "success");
    assert.ok(rows.length > 5);
    for (const row of rows) {
      assert.deepEqual(Object.keys(row).sort(), [
        "dag_id",
        "event",
        "level",
        "map_index",
        "run_id",
        "task_id",
        "timestamp",
        "try_number",
      ]);
    }
    const tries = new Set(
      rows.filter((row) => row.task_id === "build_report").map((row) => row.try_number),
    );
    assert.deepEqual([...tries].sort(), [1, 2], "both tries of the retried task");
    assert.ok(rows.some((row) => row.event === "Uploading PDF"));

    assert.match(result.stderr, /^Triggered reporting piped \(queued\)$/m);
    assert.match(result.stderr, /^\[\d+s\] reporting piped: running; tasks: /m);
    assert.match(result.stderr, /^\[\d+s\] reporting piped: success; tasks: success 3$/m);
    assert.ok(
      !result.stdout.includes(ESCAPE) && !result.stderr.includes(ESCAPE),
      "no escape codes",
    );
    assert.ok(!result.stderr.includes("\r"), "no redrawn line");
  } finally {
    await server.close();
  }
});

Deno.test("lists as JSON and tables in a pipe are whole: nothing cut, no colour", async () => {
  const server = await serveFake({
    pace: 1,
    runs: [{ dag_id: "etl_daily", dag_run_id: "a-rather-long-run-id-".repeat(5) }],
  });
  try {
    const json = await runCli(["runs", "ls", "-o", "json"], { env: server.env });
    const [run] = JSON.parse(json.stdout);
    assert.equal(run.run_id, "a-rather-long-run-id-".repeat(5));
    const table = await runCli(["runs", "ls"], { env: server.env });
    assert.ok(table.stdout.includes("a-rather-long-run-id-".repeat(5)), "not cut in a pipe");
    assert.ok(!table.stdout.includes(ESCAPE));
    const quiet = await runCli(["dags", "pause", "etl_daily", "-q", "-o", "json"], {
      env: server.env,
    });
    assert.equal(quiet.stderr, "", "--quiet leaves standard error empty");
    assert.equal(JSON.parse(quiet.stdout).is_paused, true);
  } finally {
    await server.close();
  }
});
