/** The fake Airflow's XComs, logs and wait stream, through the client and with raw fetch. */
import assert from "node:assert/strict";
import { NotFoundError } from "../mod.ts";
import { enc, expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

Deno.test("XComs, logs and the wait stream", async (t) => {
  const { airflow, clock, raw } = setup();
  const run = await airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "x1" });

  await t.step("return_value appears once the task has succeeded", async () => {
    const before = await airflow.xcoms.list("etl_daily", "x1", "load").toArray();
    assert.deepEqual(before, []);
    await clock.advance(30_000);
    const entries = await airflow.xcoms.list("etl_daily", "x1", "load").toArray();
    assert.deepEqual(entries.map((entry) => entry.key), ["return_value"]);
    // As Airflow stores it: the JSON text, unless `deserialize=true` asks for the value.
    const entry = await airflow.xcoms.get("etl_daily", run.dag_run_id, "load", "return_value");
    assert.equal(
      (entry as { value: unknown }).value,
      '{"rows_loaded": 1192, "table": "warehouse.orders", "duplicates_dropped": 8}',
    );
    const value = await airflow.xcoms.get("etl_daily", run.dag_run_id, "load", "return_value", {
      deserialize: true,
    });
    assert.deepEqual((value as { value: unknown }).value, {
      rows_loaded: 1192,
      table: "warehouse.orders",
      duplicates_dropped: 8,
    });
    await assert.rejects(
      airflow.xcoms.get("etl_daily", "x1", "load", "nope"),
      (error: unknown) =>
        error instanceof NotFoundError && error.detail === "XCom entry with key: `nope` not found",
    );
  });

  await t.step(
    "JSON logs open with the source details and resume from the token (3.2)",
    async () => {
      await airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "l1" });
      await clock.advance(1000 + 4000 + 3000);
      const first = await airflow.taskInstances.getLog("etl_daily", "l1", "transform", 1);
      const events = (content: typeof first.content) =>
        content.map((line) => typeof line === "string" ? line : line.event);
      assert.deepEqual(events(first.content), [
        "::group::Log message source details",
        "::endgroup::",
        "Starting attempt 1 of 1",
        "Cleaning 1200 rows",
        "Dropped 8 duplicates",
      ]);
      assert.deepEqual(first.content[0], {
        event: "::group::Log message source details",
        sources: ["/opt/airflow/logs/dag_id=etl_daily/run_id=l1/task_id=transform/attempt=1.log"],
      });
      assert.deepEqual(first.content[2], { timestamp: null, event: "Starting attempt 1 of 1" });
      assert.equal(typeof first.continuation_token, "string");
      const again = await airflow.taskInstances.getLog("etl_daily", "l1", "transform", 1, {
        token: first.continuation_token!,
      });
      assert.deepEqual(again.content, []);
      await clock.advance(4000);
      const rest = await airflow.taskInstances.getLog("etl_daily", "l1", "transform", 1, {
        token: first.continuation_token!,
      });
      assert.deepEqual(events(rest.content), [
        "Wrote 1192 rows to staging",
        "Task exited with return code 0",
      ]);
      assert.equal(rest.continuation_token, null);
      const full = await airflow.taskInstances.getLog("etl_daily", "l1", "transform", 1, {
        full_content: true,
      });
      assert.equal(full.content.length, 7);
      const line = full.content[3] as unknown as Record<string, unknown>;
      assert.deepEqual(Object.keys(line), ["timestamp", "event", "level", "logger"]);
      assert.equal(line.timestamp, "2026-11-20T10:00:36.500000Z");
      await assert.rejects(
        airflow.taskInstances.getLog("etl_daily", "l1", "transform", 2),
        NotFoundError,
      );
      await assert.rejects(
        airflow.taskInstances.getLog("etl_daily", "l1", "nope", 1),
        NotFoundError,
      );
    },
  );

  await t.step("NDJSON logs: the whole log on every read, the request's token echoed", async () => {
    await airflow.dagRuns.trigger("flaky_checks", { logical_date: null, dag_run_id: "n1" });
    await clock.advance(1000 + 2000 + 500);
    const path = "/api/v2/dags/flaky_checks/dagRuns/n1/taskInstances/check_quality/logs/1";
    const partial = await raw(path, { headers: { accept: "application/x-ndjson" } });
    assert.equal(partial.headers.get("content-type"), "application/x-ndjson");
    const token = partial.headers.get("Airflow-Continuation-Token");
    assert.ok(token);
    const firstLines = (await partial.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    assert.deepEqual(firstLines.map((line) => line.event), [
      "::group::Log message source details",
      "::endgroup::",
      "Starting attempt 1 of 2",
      "Running 12 checks",
    ]);
    assert.deepEqual(firstLines[1], { timestamp: null, event: "::endgroup::" });
    await clock.advance(5000);
    const rest = await raw(`${path}?token=${enc(token)}`, {
      headers: { accept: "application/x-ndjson" },
    });
    assert.equal(rest.headers.get("Airflow-Continuation-Token"), token);
    const lines = (await rest.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    assert.deepEqual(lines.slice(4).map((line) => [line.event, line.level]), [
      ["Check null_ratio(orders.customer_id) failed: 0.31 > 0.05", "info"],
      ["Task failed with exception: try 1 failed", "error"],
      ["Task exited with return code 1", "error"],
    ]);
    assert.deepEqual(lines.slice(0, 4), firstLines, "the stream starts from the first line again");
    const bad = await raw(`${path}?token=garbage!`);
    assert.equal(bad.status, 400);
  });

  await t.step("wait streams the state once per interval, then the results", async () => {
    await airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "w1" });
    const response = await raw(
      "/api/v2/dags/etl_daily/dagRuns/w1/wait?interval=5&result=load&result=extract",
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/x-ndjson");
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const lines: string[] = [];
    const first = await reader.read();
    lines.push(first.value!);
    for (;;) {
      const next = reader.read();
      await clock.advance(5000);
      const { value, done } = await next;
      if (done) break;
      lines.push(value);
    }
    assert.deepEqual(lines, [
      '{"state": "queued"}\n',
      '{"state": "running"}\n',
      '{"state": "running"}\n',
      '{"state": "success", "results": {"extract": "{\\"rows\\": 1200}", "load": "{\\"rows_loaded\\": 1192, \\"table\\": \\"warehouse.orders\\", \\"duplicates_dropped\\": 8}"}}\n',
    ]);
  });

  await t.step("a cancelled wait stops; a finished run answers at once", async () => {
    await airflow.dagRuns.trigger("maintenance_cleanup", { logical_date: null, dag_run_id: "c1" });
    const response = await raw("/api/v2/dags/maintenance_cleanup/dagRuns/c1/wait?interval=1");
    const reader = response.body!.getReader();
    assert.equal(new TextDecoder().decode((await reader.read()).value), '{"state": "queued"}\n');
    await reader.cancel();
    await clock.advance(5000);
    const finished = await raw("/api/v2/dags/etl_daily/dagRuns/w1/wait?interval=1");
    assert.equal(await finished.text(), '{"state": "success"}\n');
    const missing = await raw("/api/v2/dags/etl_daily/dagRuns/nope/wait?interval=1");
    assert.equal(missing.status, 404);
    const noInterval = await raw("/api/v2/dags/etl_daily/dagRuns/w1/wait");
    assert.equal(noInterval.status, 422);
    assert.deepEqual((await noInterval.json()).detail[0].loc, ["query", "interval"]);
  });

  await t.step("Airflow 3.0 has no wait route", async () => {
    const old = setup({ version: "3.0.2" });
    await old.airflow.dagRuns.trigger("etl_daily", { logical_date: null, dag_run_id: "o1" });
    const response = await old.raw("/api/v2/dags/etl_daily/dagRuns/o1/wait?interval=1");
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { detail: "Not Found" });
    await assert.rejects(
      old.airflow.request("GET /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/wait", {
        dag_id: "etl_daily",
        dag_run_id: "o1",
        interval: 1,
      }),
      /answers with a stream: call dagRuns\.wait instead of request\(\)/,
    );
    assert.equal((await old.airflow.version.get()).version, "3.0.2");
  });
});

Deno.test("every JSON answer above matched its response schema", expectAnswersMatchedSchemas);
