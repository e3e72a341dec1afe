/** `dagRuns.wait`/`watch` and `taskInstances.logs` against the embedded fake Airflow. */
import assert from "node:assert/strict";
import { Airflow, type LogLine, NotFoundError } from "../mod.ts";
import {
  FakeAirflow,
  type FakeAirflowOptions,
  ManualClock,
  PacedClock,
} from "../src/testing/mod.ts";

const DAGS: FakeAirflowOptions["dags"] = [
  {
    dag_id: "etl",
    tasks: [
      { task_id: "extract", durationSeconds: 4, logs: ["fetching", "fetched 3 rows"], returns: 3 },
      { task_id: "load", durationSeconds: 4, logs: ["loading"], returns: { rows: 3 } },
    ],
  },
  {
    dag_id: "retrying",
    tasks: [{ task_id: "work", durationSeconds: 4, retries: 1, failTries: 1, logs: ["working"] }],
  },
  { dag_id: "broken", tasks: [{ task_id: "boom", durationSeconds: 2, failTries: 1 }] },
];

/** A client on a fake, with every request the client sent recorded as "METHOD path". */
function setup(options: FakeAirflowOptions) {
  const fake = new FakeAirflow({ dags: DAGS, ...options });
  const sent: string[] = [];
  const fetch = (request: Request) => {
    sent.push(`${request.method} ${new URL(request.url).pathname}`);
    return fake.fetch(request);
  };
  return { fake, sent, airflow: new Airflow({ ...fake.clientOptions(), fetch }) };
}

/** Advances a manual clock a second at a time until `promise` settles. */
async function drive<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(() => (settled = true), () => (settled = true));
  for (let i = 0; i < 600 && !settled; i++) await clock.advance(1000);
  return await promise;
}

async function events(lines: AsyncIterable<LogLine>): Promise<string[]> {
  const seen: string[] = [];
  for await (const line of lines) seen.push(line.event);
  return seen;
}

Deno.test("wait and watch read the fake's /wait stream (Airflow 3.2)", async () => {
  const clock = new ManualClock();
  const { airflow, sent } = setup({ clock });
  const run = await airflow.dagRuns.trigger("etl", { logical_date: null });
  const watch = airflow.dagRuns.watch("etl", run.dag_run_id, { results: ["load"] });
  assert.deepEqual((await watch.next()).value, { finished: false, state: "queued" });
  const steps = (async () => {
    const seen = [];
    for await (const step of watch) {
      seen.push(step.finished ? [step.state, step.run.state, step.results] : step.state);
    }
    return seen;
  })();
  assert.deepEqual(await drive(clock, steps), [
    "running",
    ["success", "success", { load: { rows: 3 } }],
  ]);
  const waits = sent.filter((line) => line.endsWith("/wait"));
  assert.equal(waits.length, 1, "one stream, read as it arrived, no polling");
  assert.equal(sent.filter((line) => line.includes("xcomEntries")).length, 0);

  const failed = await airflow.dagRuns.trigger("broken", { logical_date: null });
  const { run: done } = await drive(clock, airflow.dagRuns.wait("broken", failed.dag_run_id));
  assert.equal(done.state, "failed");
});

Deno.test("wait polls the fake when it behaves as Airflow 3.0 (no /wait)", async () => {
  const { airflow, sent } = setup({ version: "3.0.2", clock: new PacedClock({ pace: 500 }) });
  const run = await airflow.dagRuns.trigger("etl", { logical_date: null });
  const { run: done, results } = await airflow.dagRuns.wait("etl", run.dag_run_id, {
    results: ["extract", "load"],
    interval: 5,
    maxInterval: 20,
  });
  assert.equal(done.state, "success");
  assert.deepEqual(results, { extract: 3, load: { rows: 3 } });
  assert.equal(sent.filter((line) => line.endsWith("/wait")).length, 1);
  assert.ok(sent.some((line) => line.endsWith(encodeURIComponent(run.dag_run_id))), "polled");
  assert.equal(sent.filter((line) => line.endsWith("/return_value")).length, 2);
});

Deno.test("logs follow a running try to its end, then the retry's, each line once", async () => {
  for (const version of ["3.0.2", "3.1.8", "3.2.1"] as const) {
    for (const format of ["ndjson", "json"] as const) {
      const { airflow } = setup({ version, clock: new PacedClock({ pace: 100 }) });
      const run = await airflow.dagRuns.trigger("retrying", { logical_date: null });
      const options = { follow: true, interval: 5, format };
      const first = airflow.taskInstances.logs("retrying", run.dag_run_id, "work", 1, options);
      assert.deepEqual(await events(first), [
        "Starting attempt 1 of 2",
        "working",
        "Task failed with exception: try 1 failed",
        "Task exited with return code 1",
      ], `${version} ${format}`);
      assert.equal(first.sources.length, 1);
      assert.match(first.sources[0], /attempt=1\.log$/);
      const second = await events(
        airflow.taskInstances.logs("retrying", run.dag_run_id, "work", 2, options),
      );
      assert.deepEqual(second, [
        "Starting attempt 2 of 2",
        "working",
        "Task exited with return code 0",
      ], `${version} ${format}`);
    }
  }
});

Deno.test("logs without follow read what is there now", async () => {
  const clock = new ManualClock();
  const { airflow } = setup({ clock });
  const run = await airflow.dagRuns.trigger("etl", { logical_date: null });
  await clock.advance(2500);
  const partial = await events(airflow.taskInstances.logs("etl", run.dag_run_id, "extract", 1));
  assert.deepEqual(partial, ["Starting attempt 1 of 1", "fetching"]);
  await clock.advance(60_000);
  const whole = await events(airflow.taskInstances.logs("etl", run.dag_run_id, "extract", 1));
  assert.deepEqual(whole.slice(0, 3), ["Starting attempt 1 of 1", "fetching", "fetched 3 rows"]);
  assert.match(whole.at(-1)!, /return code 0/);
});

Deno.test("following a try that never comes is a NotFoundError", async () => {
  const { airflow } = setup({ clock: new PacedClock({ pace: 100 }) });
  const run = await airflow.dagRuns.trigger("broken", { logical_date: null });
  await airflow.dagRuns.wait("broken", run.dag_run_id, { interval: 5 });
  for (const [task, tryNumber] of [["nope", 1], ["boom", 2]] as const) {
    await assert.rejects(
      events(
        airflow.taskInstances.logs("broken", run.dag_run_id, task, tryNumber, { follow: true }),
      ),
      NotFoundError,
    );
  }
});

Deno.test("seeded runs follow their DAG from their trigger time, or keep a forced state", async () => {
  const clock = new ManualClock(Date.parse("2026-11-21T12:00:00Z"));
  const { airflow } = setup({
    clock,
    runs: [
      { dag_id: "etl", dag_run_id: "old", triggeredAt: "2026-11-21T11:00:00Z" },
      { dag_id: "etl", dag_run_id: "new" },
      { dag_id: "etl", dag_run_id: "forced", state: "failed" },
    ],
  });
  const states = await airflow.dagRuns.list("etl").toArray();
  assert.deepEqual(
    Object.fromEntries(states.map((run) => [run.dag_run_id, run.state])),
    { old: "success", new: "queued", forced: "failed" },
  );
  assert.throws(
    () => new FakeAirflow({ dags: DAGS, runs: [{ dag_id: "missing" }] }),
    /missing/,
  );
});
