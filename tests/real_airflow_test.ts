/**
 * Where real Airflow differs from its published specs (`../shared/real-airflow.md`), one test
 * per fact, facts 1 to 4: request bodies (5 to 11 are in `real_airflow_answers_test.ts`). Each
 * names the Airflow source it mirrors, shows the fake doing what that source does (raw HTTP),
 * then runs the same scenario through the client.
 */
import assert from "node:assert/strict";
import { Airflow, RequestValidationError, UnprocessableEntityError } from "../mod.ts";
import { connect } from "../src/connect.ts";
import { FakeAirflow, type FakeVersion } from "../src/testing/mod.ts";
import { DAGS, drive, setup, VERSIONS } from "./helpers/real_airflow.ts";

Deno.test("1. logical_date must be present when triggering (core_api/datamodels/dag_run.py)", async () => {
  for (const version of VERSIONS) {
    const { airflow, raw, bodies } = setup(version);
    const missing = await raw("/api/v2/dags/etl/dagRuns", {
      method: "POST",
      body: JSON.stringify({ conf: {} }),
    });
    assert.equal(missing.status, 422, version);
    assert.deepEqual((await missing.json()).detail, [{
      type: "missing",
      loc: ["body", "logical_date"],
      msg: "Field required",
      input: { conf: {} },
    }]);

    const bare = await airflow.dagRuns.trigger("etl");
    const withConf = await airflow.dagRuns.trigger("etl", { conf: { day: "2026-11-20" } });
    assert.equal(bare.logical_date, null);
    assert.deepEqual(withConf.conf, { day: "2026-11-20" });
    const sent = bodies.filter((entry) => entry.path === "/api/v2/dags/etl/dagRuns");
    assert.deepEqual(sent.map((entry) => entry.body), [
      { logical_date: null },
      { conf: { day: "2026-11-20" }, logical_date: null },
    ]);
  }
});

Deno.test("2. bodies refuse fields of newer versions (core_api/base.py StrictBaseModel)", async (t) => {
  await t.step(
    "the fake answers 422 extra_forbidden, and dict_type for conf: null on 3.0",
    async () => {
      const cases: [FakeVersion, string, Record<string, unknown>, string][] = [
        [
          "3.1.8",
          "/api/v2/dags/etl/dagRuns",
          { logical_date: null, partition_key: "p" },
          "extra_forbidden",
        ],
        [
          "3.0.2",
          "/api/v2/dags/etl/clearTaskInstances",
          { run_on_latest_version: true },
          "extra_forbidden",
        ],
        ["3.0.2", "/api/v2/dags/etl/dagRuns", { logical_date: null, conf: null }, "dict_type"],
      ];
      for (const [version, path, body, type] of cases) {
        const { raw } = setup(version);
        const answer = await raw(path, { method: "POST", body: JSON.stringify(body) });
        assert.equal(answer.status, 422, `${version} ${path}`);
        const [issue] = (await answer.json()).detail;
        assert.equal(issue.type, type);
      }
      const { raw } = setup("3.2.1");
      const accepted = await raw("/api/v2/dags/etl/dagRuns", {
        method: "POST",
        body: JSON.stringify({ logical_date: null, partition_key: "p", conf: null }),
      });
      assert.equal(accepted.status, 200);
    },
  );

  await t.step("knowing the version, the client refuses them before sending", async () => {
    const fake = new FakeAirflow({ version: "3.1.8", dags: DAGS });
    const sent: string[] = [];
    const airflow = await connect({
      ...fake.clientOptions(),
      fetch: (request) => {
        sent.push(`${request.method} ${new URL(request.url).pathname}`);
        return fake.fetch(request);
      },
    });
    assert.ok(airflow instanceof Airflow);
    assert.equal(airflow.serverVersion, "3.1.8");
    await assert.rejects(
      airflow.dagRuns.trigger("etl", { partition_key: "2026-11" }),
      (error: unknown) =>
        error instanceof RequestValidationError &&
        /body\.partition_key: needs Airflow 3\.2 or later; the server runs 3\.1/.test(
          error.message,
        ),
    );
    assert.deepEqual(sent, ["GET /api/v2/version"], "nothing sent after the version");
    const on30 = new Airflow({ ...fake.clientOptions(), serverVersion: "3.0.2" });
    await assert.rejects(
      on30.dagRuns.trigger("etl", { conf: null }),
      /body\.conf: null needs Airflow 3\.1 or later; the server runs 3\.0/,
    );
    await assert.rejects(
      on30.taskInstances.clear("etl", { run_on_latest_version: true }),
      /body\.run_on_latest_version: needs Airflow 3\.1 or later/,
    );
  });

  await t.step("not knowing it, the server's refusal says the same", async () => {
    const { airflow } = setup("3.1.8");
    await assert.rejects(
      airflow.dagRuns.trigger("etl", { partition_key: "2026-11" }),
      (error: unknown) =>
        error instanceof UnprocessableEntityError &&
        error.fieldIssues[0].path === "body.partition_key" &&
        /needs Airflow 3\.2 or later; this server refused it as unknown/.test(error.message),
    );
    const old = setup("3.0.2").airflow;
    await assert.rejects(
      old.dagRuns.trigger("etl", { conf: null }),
      (error: unknown) =>
        error instanceof UnprocessableEntityError &&
        /null needs Airflow 3\.1 or later/.test(error.message),
    );
  });
});

Deno.test("3. clearing is a dry run unless told otherwise (core_api/datamodels/task_instances.py)", async () => {
  const { airflow, raw, clock } = setup("3.2.1");
  const run = await airflow.dagRuns.trigger("fails_once");
  await clock.advance(10_000);
  assert.equal((await airflow.dagRuns.get("fails_once", run.dag_run_id)).state, "failed");

  const dry = await raw("/api/v2/dags/fails_once/clearTaskInstances", {
    method: "POST",
    body: JSON.stringify({}),
  });
  assert.equal(dry.status, 200);
  const listed = (await dry.json()).task_instances.map((ti: { task_id: string; state: string }) =>
    `${ti.task_id}:${ti.state}`
  );
  assert.deepEqual(listed, ["work:failed", "after:upstream_failed"], "only failed by default");
  assert.equal((await airflow.dagRuns.get("fails_once", run.dag_run_id)).state, "failed");

  const preview = await airflow.taskInstances.clear("fails_once", { dag_run_id: run.dag_run_id });
  assert.equal(preview.total_entries, 2);
  assert.equal((await airflow.dagRuns.get("fails_once", run.dag_run_id)).state, "failed");

  const cleared = await airflow.taskInstances.clear("fails_once", {
    dag_run_id: run.dag_run_id,
    dry_run: false,
  });
  assert.deepEqual(cleared.task_instances.map((ti) => ti.state), [null, null]);
  assert.equal((await airflow.dagRuns.get("fails_once", run.dag_run_id)).state, "queued");
  const { run: again } = await drive(clock, airflow.dagRuns.wait("fails_once", run.dag_run_id));
  assert.equal(again.state, "success", "the cleared task ran again, as try 2, and passed");
  const work = await airflow.taskInstances.get("fails_once", run.dag_run_id, "work");
  assert.equal(work.try_number, 2);

  // Clearing one task leaves the others as they were: `after` stays upstream_failed.
  const other = await airflow.dagRuns.trigger("fails_once");
  await clock.advance(10_000);
  await airflow.taskInstances.clear("fails_once", {
    dag_run_id: other.dag_run_id,
    task_ids: ["work"],
    dry_run: false,
  });
  const { run: second } = await drive(clock, airflow.dagRuns.wait("fails_once", other.dag_run_id));
  const states = (await airflow.taskInstances.list("fails_once", other.dag_run_id).toArray())
    .map((ti) => `${ti.task_id}:${ti.state}`);
  assert.deepEqual(states, ["work:success", "after:upstream_failed"]);
  assert.equal(second.state, "failed");

  // A running try that is cleared is cut short and fails; the task runs again as the next try.
  const running = await airflow.dagRuns.trigger("etl");
  await clock.advance(2_000);
  const before = await airflow.taskInstances.get("etl", running.dag_run_id, "extract");
  assert.equal(before.state, "running");
  await airflow.dagRuns.clear("etl", running.dag_run_id, { dry_run: false });
  await drive(clock, airflow.dagRuns.wait("etl", running.dag_run_id));
  const tries = await airflow.taskInstances.listTries("etl", running.dag_run_id, "extract");
  assert.deepEqual(tries.task_instances.map((ti) => `${ti.try_number}:${ti.state}`), [
    "1:failed",
    "2:success",
  ]);

  const runDry = await airflow.dagRuns.clear("fails_once", run.dag_run_id, {});
  assert.ok("task_instances" in runDry, "a dag run clear is a dry run too");
  assert.equal((await airflow.dagRuns.get("fails_once", run.dag_run_id)).state, "success");
});

Deno.test("4. variables are stored as str(value) (models/variable.py)", async () => {
  const { airflow, raw, bodies } = setup("3.2.1");
  for (
    const [value, stored] of [[{ a: 1, b: [true, null] }, "{'a': 1, 'b': [True, None]}"], [
      true,
      "True",
    ], ["text", "text"]] as const
  ) {
    const created = await raw("/api/v2/variables", {
      method: "POST",
      body: JSON.stringify({ key: "k", value }),
    });
    assert.equal(created.status, 201);
    assert.equal((await created.json()).value, stored);
    await raw("/api/v2/variables/k", { method: "DELETE" });
  }

  const first = await airflow.variables.set("limits", JSON.stringify({ max: 3 }), {
    description: "caps",
  });
  assert.equal(first.value, '{"max":3}');
  const second = await airflow.variables.set("limits", "4");
  assert.equal(second.value, "4");
  assert.equal(second.description, "caps", "an update keeps the description");
  assert.deepEqual(JSON.parse((await airflow.variables.get("limits")).value), 4);
  const racing = await Promise.all([
    airflow.variables.set("raced", "a"),
    airflow.variables.set("raced", "b"),
  ]);
  assert.deepEqual(racing.map((variable) => variable.value).sort(), ["a", "b"]);
  assert.ok(["a", "b"].includes((await airflow.variables.get("raced")).value));
  const raceRequests = bodies.filter((entry) => entry.path.startsWith("/api/v2/variables"))
    .slice(-5);
  assert.equal(raceRequests.length, 5, "two updates, two creates (one refused), one update");
  const before = bodies.length;
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    airflow.variables.set("limits", { max: 3 } as any),
    (error: unknown) =>
      error instanceof RequestValidationError && /JSON\.stringify/.test(error.message),
  );
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    airflow.variables.create({ key: "x", value: { max: 3 } as any }),
    /body\.value/,
  );
  assert.equal(bodies.length, before, "nothing sent");
});
