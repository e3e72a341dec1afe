/**
 * What a person sees in a real terminal (tmux): tables cut to the window's width, colours unless
 * NO_COLOR, the live status line while waiting, labelled logs, the prompt before clearing, and
 * Ctrl-C. tmux must be installed (`deno task setup`); without it these tests fail.
 */
import assert from "node:assert/strict";
import { serveFake } from "./helpers/fake_server.ts";
import { Terminal } from "./helpers/tmux.ts";

const ESC = "\x1b[";

Deno.test("dags ls fits a 60-column terminal, in colour unless NO_COLOR", async () => {
  const server = await serveFake();
  const terminal = await Terminal.open(["dags", "ls"], { env: server.env, width: 60 });
  const plain = await Terminal.open(["dags", "ls"], {
    env: { ...server.env, NO_COLOR: "1" },
    width: 60,
  });
  try {
    const screen = await terminal.until((text) => text.includes("EXIT="), "the exit code");
    assert.match(screen, /EXIT=0/);
    const lines = screen.split("\n").filter((line) => line.trim() && !line.startsWith("EXIT"));
    assert.match(lines[0], /^DAG\s+PAUSED\s+SCHEDULE\s+NEXT RUN\s+TAGS$/);
    assert.equal(lines.length, 13);
    for (const line of lines) assert.ok(line.length <= 60, `${line.length} columns: ${line}`);
    assert.ok(lines.some((line) => line.includes("…")), "a column was cut to fit");
    assert.ok((await terminal.screen(true)).includes(`${ESC}33myes`), "paused in yellow");

    await plain.until((text) => text.includes("EXIT=0"), "the exit code");
    assert.ok(!(await plain.screen(true)).includes(`${ESC}33m`), "no colours with NO_COLOR");
  } finally {
    await terminal.close();
    await plain.close();
    await server.close();
  }
});

Deno.test("runs trigger --wait --follow-logs: a live status line, labelled logs, the outcome", async () => {
  const server = await serveFake({ pace: 4 });
  const terminal = await Terminal.open(
    [
      "runs",
      "trigger",
      "etl_daily",
      "--run-id",
      "tty-run",
      "--wait",
      "--follow-logs",
      "--interval",
      "200ms",
    ],
    { env: server.env, width: 120 },
  );
  try {
    const live = await terminal.until(
      (text) => /etl_daily tty-run\s+running\s+\d+s\s+│ .*running 1/.test(text),
      "the live status line with a running task",
    );
    assert.match(live, /^Triggered etl_daily tty-run \(queued\)$/m);
    const screen = await terminal.until((text) => text.includes("EXIT="), "the exit code");
    assert.match(screen, /EXIT=0/);
    assert.match(screen, /^extract\s+\| \S+Z INFO Connecting to the orders API$/m);
    assert.match(screen, /^load\s+\| \S+Z INFO Load committed$/m);
    assert.match(screen, /^✓ etl_daily tty-run success in \S+$/m);
    assert.doesNotMatch(screen, /│/, "the status line is gone once the run has finished");
  } finally {
    await terminal.close();
    await server.close();
  }
});

Deno.test("Ctrl-C while waiting stops with 130 and says the run keeps going", async () => {
  const server = await serveFake({ pace: 1 });
  const terminal = await Terminal.open(
    ["runs", "trigger", "etl_daily", "--run-id", "ctrl-c", "--wait", "--interval", "200ms"],
    { env: server.env, width: 120 },
  );
  try {
    await terminal.until(
      (text) => /etl_daily ctrl-c\s+(queued|running)\s+\d+s/.test(text),
      "the status line",
    );
    await terminal.keys("C-c");
    const screen = await terminal.until((text) => text.includes("EXIT="), "the exit code");
    assert.match(screen, /EXIT=130/);
    assert.match(
      screen,
      /error: stopped waiting; the run etl_daily ctrl-c keeps going on the server\./,
    );
    assert.match(screen, /Follow it again with: airflowkit runs wait etl_daily ctrl-c/);
  } finally {
    await terminal.close();
    await server.close();
  }
});

Deno.test("tasks clear shows the dry run, asks, and clears on y", async () => {
  const server = await serveFake({
    pace: 1,
    runs: [{
      dag_id: "flaky_checks",
      dag_run_id: "f1",
      triggeredAt: new Date(Date.now() - 3_600_000),
    }],
  });
  const terminal = await Terminal.open(["tasks", "clear", "flaky_checks", "f1", "--failed"], {
    env: server.env,
    width: 100,
  });
  try {
    const asked = await terminal.until((text) => text.includes("[y/N]"), "the question");
    assert.match(asked, /^TASK\s+STATE$/m);
    assert.match(asked, /^check_quality\s+failed$/m);
    assert.match(asked, /^publish\s+upstream_failed$/m);
    await terminal.keys("y", "Enter");
    const screen = await terminal.until((text) => text.includes("EXIT="), "the exit code");
    assert.match(screen, /Cleared 2 task instances of flaky_checks f1\./);
    assert.match(screen, /EXIT=0/);
  } finally {
    await terminal.close();
    await server.close();
  }
});
