/**
 * `dagRuns.wait`/`watch` and `taskInstances.logs` against Prism serving the 3.2.1 spec: with the
 * spec's examples (static) and with random answers (`--dynamic`), where the `/wait` and NDJSON
 * log bodies are random text that the client must survive.
 */
import assert from "node:assert/strict";
import { Airflow, APITimeoutError, type LogLine } from "../mod.ts";
import { startPrism } from "../scripts/prism.ts";

const SPEC = new URL("../../shared/openapi/airflow-3.2.1-api-v2.yaml", import.meta.url).pathname;
const RUN_ID = "manual__2026-11-20T10:00:00+00:00";
const SAMPLES = 10;

async function events(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const seen: LogLine[] = [];
  for await (const line of lines) seen.push(line);
  return seen;
}

Deno.test("wait and logs against Prism with the spec's examples", async () => {
  const prism = await startPrism(SPEC, false);
  try {
    const airflow = new Airflow({ baseUrl: prism.url, auth: { token: "prism" } });
    // The example stream ends with "success", but the example run never leaves "queued": the
    // client reads the run until it has finished, so it waits here until its timeout.
    const steps: string[] = [];
    await assert.rejects(async () => {
      const watch = airflow.dagRuns.watch("etl", RUN_ID, { interval: 20, totalTimeout: 500 });
      for await (const step of watch) steps.push(step.state);
    }, APITimeoutError);
    assert.deepEqual(steps, ["running"]);

    const ndjsonLines = await events(airflow.taskInstances.logs("etl", RUN_ID, "t", 1));
    assert.deepEqual(ndjsonLines.map((line) => line.event), [
      '{"content": "content"}',
      '{"content": "content"}',
    ]);
    const jsonLines = await events(
      airflow.taskInstances.logs("etl", RUN_ID, "t", 1, { format: "json" }),
    );
    assert.deepEqual(jsonLines, [{ event: "string", timestamp: "2019-08-24T14:15:22Z" }]);
  } finally {
    await prism.close();
  }
});

Deno.test("wait and logs against Prism's random answers", async () => {
  const prism = await startPrism(SPEC, true);
  try {
    const airflow = new Airflow({ baseUrl: prism.url, auth: { token: "prism" } });
    for (let i = 0; i < SAMPLES; i++) {
      const { run, results } = await airflow.dagRuns.wait("etl", RUN_ID, {
        results: ["extract", "load"],
        interval: 1,
        maxInterval: 5,
      });
      assert.ok(["success", "failed"].includes(run.state), run.state);
      assert.ok(Object.keys(results).every((key) => ["extract", "load"].includes(key)));

      for (const line of await events(airflow.taskInstances.logs("etl", RUN_ID, "t", 1))) {
        assert.equal(typeof line.event, "string");
      }
      const followed = airflow.taskInstances.logs("etl", RUN_ID, "t", 1, {
        format: "json",
        follow: true,
        interval: 1,
      });
      for (const line of await events(followed)) assert.equal(typeof line.event, "string");
    }
  } finally {
    await prism.close();
  }
});
