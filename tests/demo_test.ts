/**
 * The demo, run as users run it: on the embedded fake, and pointed by `AIRFLOW_URL` at an
 * Airflow over HTTP (the fake again, listening on a loopback port, standing in for a real one).
 */
import assert from "node:assert/strict";
import { exampleDags, FakeAirflow, PacedClock } from "../src/testing/mod.ts";

const DEMO = new URL("../examples/demo.ts", import.meta.url).pathname;

async function runDemo(env: Record<string, string>): Promise<{ status: number; output: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-env", "--allow-net", DEMO],
    env,
    clearEnv: true,
  }).output();
  const decoder = new TextDecoder();
  return { status: code, output: decoder.decode(stdout) + decoder.decode(stderr) };
}

Deno.test("the demo runs on the embedded fake and exits 0", async () => {
  const { status, output } = await runDemo({});
  assert.equal(status, 0, output);
  assert.match(output, /page 3: /);
  assert.match(output, /Triggered etl_daily/);
  assert.match(output, /is running/);
  assert.match(output, /\[load try 1\] info: Load committed/);
  assert.match(output, /Finished: success/);
});

Deno.test("pointed at an Airflow by AIRFLOW_URL, the demo runs there; a failed run exits 1", async () => {
  const fake = new FakeAirflow({
    dags: exampleDags(),
    clock: new PacedClock({ pace: 20 }),
    users: [{ username: "ops", password: "s3cret-pass", role: "admin" }],
  });
  const server = await fake.listen({ port: 0 });
  try {
    const env = {
      AIRFLOW_URL: server.url,
      AIRFLOW_USERNAME: "ops",
      AIRFLOW_PASSWORD: "s3cret-pass",
    };
    const ok = await runDemo({ ...env, AIRFLOW_DAG_ID: "reporting" });
    assert.equal(ok.status, 0, ok.output);
    assert.ok(!ok.output.includes("embedded fake"), ok.output);
    assert.match(ok.output, /\[build_report try 2\]/);
    assert.ok(!ok.output.includes("s3cret-pass"));

    const failed = await runDemo({ ...env, AIRFLOW_DAG_ID: "flaky_checks" });
    assert.equal(failed.status, 1, failed.output);
    assert.match(failed.output, /Finished: failed/);
  } finally {
    await server.close();
  }
});
