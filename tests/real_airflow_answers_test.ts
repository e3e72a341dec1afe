/**
 * Where real Airflow differs from its specs (`../shared/real-airflow.md`), facts 5 to 11: answers,
 * logs and tokens. Each names the Airflow source it mirrors, shows the fake doing what that source
 * does (raw HTTP), then runs the same scenario through the client.
 */
import assert from "node:assert/strict";
import {
  Airflow,
  AuthenticationError,
  type LogLine,
  NotFoundError,
  RequestValidationError,
} from "../mod.ts";
import { AirflowV1 } from "../src/v1/mod.ts";
import { FakeAirflow, ManualClock, PacedClock } from "../src/testing/mod.ts";
import { startPrism } from "../scripts/prism.ts";
import { fakeFetch, json } from "./helpers/fake_fetch.ts";
import { BASE, DAGS, drive, events, ndjsonLines, setup, VERSIONS } from "./helpers/real_airflow.ts";

Deno.test("5. log lines may have a null timestamp; logs open with the source details (datamodels/log.py, utils/log/file_task_handler.py)", async () => {
  const { airflow, raw, clock } = setup("3.2.1");
  const run = await airflow.dagRuns.trigger("etl");
  await clock.advance(10_000);
  const path = `/api/v2/dags/etl/dagRuns/${
    encodeURIComponent(run.dag_run_id)
  }/taskInstances/extract/logs/1`;
  const page = await (await raw(path)).json();
  assert.deepEqual(page.content.slice(0, 3), [
    {
      event: "::group::Log message source details",
      sources: [
        `/opt/airflow/logs/dag_id=etl/run_id=${run.dag_run_id}/task_id=extract/attempt=1.log`,
      ],
    },
    { event: "::endgroup::" },
    { timestamp: null, event: "Starting attempt 1 of 1" },
  ]);

  const checked = await airflow.taskInstances.getLog("etl", run.dag_run_id, "extract", 1);
  assert.equal(checked.content.length, page.content.length, "the page validates");
  const log = airflow.taskInstances.logs("etl", run.dag_run_id, "extract", 1);
  const lines: LogLine[] = [];
  for await (const line of log) lines.push(line);
  assert.deepEqual(lines[0], { timestamp: null, event: "Starting attempt 1 of 1" });
  assert.ok(lines.every((line) => !line.event.startsWith("::")), "no header lines");
  assert.deepEqual(log.sources, page.content[0].sources);
});

Deno.test("6. XComs and /wait results arrive as stored JSON text (routes/public/xcom.py, test_xcom.py, test_dag_run.py)", async () => {
  for (const version of VERSIONS) {
    const { airflow, raw, clock } = setup(version);
    const run = await airflow.dagRuns.trigger("etl");
    const id = encodeURIComponent(run.dag_run_id);
    if (version !== "3.0.2") {
      const stream = raw(
        `/api/v2/dags/etl/dagRuns/${id}/wait?interval=1&result=extract&result=notify`,
      );
      const text = await drive(clock, stream.then((response) => response.text()));
      assert.equal(
        text.trim().split("\n").at(-1),
        '{"state": "success", "results": {"extract": "\\"result_1\\""}}',
        `${version}: JSON text, and a task that pushed nothing is absent`,
      );
    } else {
      await clock.advance(10_000);
    }
    const xcom = `/api/v2/dags/etl/dagRuns/${id}/taskInstances/load/xcomEntries/return_value`;
    assert.equal((await (await raw(xcom)).json()).value, '{"rows": 42}', version);
    const deserialized = await raw(`${xcom}?deserialize=true`);
    if (version === "3.0.2") {
      assert.equal(deserialized.status, 400, "3.0 needs enable_xcom_deserialize_support");
    } else {
      assert.deepEqual((await deserialized.json()).value, { rows: 42 });
    }

    const next = await airflow.dagRuns.trigger("etl");
    const { results } = await drive(
      clock,
      airflow.dagRuns.wait("etl", next.dag_run_id, {
        results: ["extract", "load", "notify"],
        interval: 1000,
      }),
    );
    assert.deepEqual(results, { extract: "result_1", load: { rows: 42 } }, version);
  }
});

Deno.test("7. answers with enum members a newer server added are accepted (utils/state.py, utils/types.py)", async () => {
  const fake = new FakeAirflow({ dags: DAGS, clock: new ManualClock() });
  const newer = async (request: Request) => {
    const response = await fake.fetch(request);
    if (!response.headers.get("content-type")?.startsWith("application/json")) return response;
    const text = (await response.text())
      .replaceAll('"run_type":"manual"', '"run_type":"operator_triggered"')
      .replaceAll('"state":"queued"', '"state":"paused_by_quota"');
    return new Response(text, { status: response.status, headers: response.headers });
  };
  const airflow = new Airflow({ ...fake.clientOptions(), fetch: newer });
  await airflow.dagRuns.trigger("etl");
  const [run] = await airflow.dagRuns.list("~").toArray();
  assert.equal(run.run_type, "operator_triggered");
  assert.equal(run.state, "paused_by_quota");
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    airflow.dagRuns.update("etl", run.dag_run_id, { state: "paused_by_quota" as any }),
    RequestValidationError,
    "requests still name known members only",
  );
});

Deno.test("8. every NDJSON log read starts from the first line (routes/public/log.py, utils/log/log_reader.py)", async () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 20, 10));
  const { airflow, raw } = setup("3.2.1", clock);
  const run = await airflow.dagRuns.trigger("etl");
  await clock.advance(2000);
  const path = `/api/v2/dags/etl/dagRuns/${
    encodeURIComponent(run.dag_run_id)
  }/taskInstances/extract/logs/1`;
  const ndjson = { accept: "application/x-ndjson" };
  const first = await raw(path, { headers: ndjson });
  const token = first.headers.get("Airflow-Continuation-Token")!;
  const firstLines = ndjsonLines(await first.text());
  await clock.advance(1000);
  const second = await raw(`${path}?token=${encodeURIComponent(token)}`, { headers: ndjson });
  assert.equal(second.headers.get("Airflow-Continuation-Token"), token, "the token is echoed");
  const secondLines = ndjsonLines(await second.text());
  assert.deepEqual(secondLines.slice(0, firstLines.length), firstLines);
  assert.ok(secondLines.length > firstLines.length);

  const paced = setup("3.2.1", new PacedClock({ pace: 100 }));
  const next = await paced.airflow.dagRuns.trigger("etl");
  const followed = await events(
    paced.airflow.taskInstances.logs("etl", next.dag_run_id, "extract", 1, {
      follow: true,
      interval: 5,
    }),
  );
  assert.deepEqual(followed, [
    "Starting attempt 1 of 1",
    "fetching",
    "Task exited with return code 0",
  ]);
});

Deno.test("9. a resumed JSON log read repeats the log on 3.0 and 3.1 (utils/log/file_task_handler.py)", async () => {
  for (const version of VERSIONS) {
    const { airflow, raw, clock } = setup(version);
    const run = await airflow.dagRuns.trigger("etl");
    await clock.advance(2000);
    const path = `/api/v2/dags/etl/dagRuns/${
      encodeURIComponent(run.dag_run_id)
    }/taskInstances/extract/logs/1`;
    const first = await (await raw(path)).json();
    await clock.advance(1000);
    const resumed = await (await raw(`${path}?token=${first.continuation_token}`)).json();
    const texts = resumed.content.map((line: { event: string }) => line.event);
    if (version === "3.2.1") assert.deepEqual(texts, ["Task exited with return code 0"]);
    else {assert.deepEqual(texts, [
        "Starting attempt 1 of 1",
        "fetching",
        "Task exited with return code 0",
      ]);}

    const followed = setup(version, new PacedClock({ pace: 100 }));
    const next = await followed.airflow.dagRuns.trigger("etl");
    assert.deepEqual(
      await events(
        followed.airflow.taskInstances.logs("etl", next.dag_run_id, "extract", 1, {
          follow: true,
          interval: 5,
          format: "json",
        }),
      ),
      ["Starting attempt 1 of 1", "fetching", "Task exited with return code 0"],
      version,
    );
  }
});

Deno.test("10. Airflow 2's text logs carry no token (api_connexion/endpoints/log_endpoint.py)", async () => {
  const reads = [
    "fake-worker\nfirst\n",
    "fake-worker\nfirst\nsecond\n",
    "fake-worker\nfirst\nsecond\nthird\n",
  ];
  const states = ["running", "running", "success"];
  const { fetch, requests } = fakeFetch((request) => {
    if (request.url.pathname.includes("/logs/")) {
      return new Response(reads.shift()!, { headers: { "content-type": "text/plain" } });
    }
    return json({ task_id: "t", dag_id: "etl", state: states.shift(), try_number: 1 });
  });
  const airflow = new AirflowV1({ baseUrl: "http://airflow2.test", fetch });
  const lines = await events(
    airflow.taskInstances.logs("etl", "r", "t", 1, { follow: true, interval: 1, format: "text" }),
  );
  assert.deepEqual(lines, ["fake-worker", "first", "second", "third"]);
  const logReads = requests.filter((request) => request.url.pathname.includes("/logs/"));
  assert.equal(logReads.length, 3);
  assert.ok(logReads.every((request) => !request.url.searchParams.has("token")));
});

Deno.test("11. POST /auth/token answers 201 with access_token; without it, auth fails as auth (auth/managers/simple/routes/login.py)", async () => {
  const { fake } = setup("3.2.1");
  const minted = await fake.fetch(`${BASE}/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "admin" }),
  });
  assert.equal(minted.status, 201);
  assert.equal(typeof (await minted.json()).access_token, "string");

  for (const status of [404, 405]) {
    const { fetch } = fakeFetch(() => json({ detail: "Not Found" }, status));
    const airflow = new Airflow({
      baseUrl: "http://proxy.test",
      fetch,
      auth: { username: "admin", password: "s3cret-pass" },
    });
    const error = await airflow.dags.get("etl").catch((e) => e);
    assert.ok(error instanceof AuthenticationError, String(error));
    assert.ok(!(error instanceof NotFoundError));
    assert.match(error.message, /no token endpoint at POST \/auth\/token/);
    assert.match(error.message, /auth: \{ token \}/);
    assert.ok(!error.message.includes("s3cret-pass"));
  }

  const prism = await startPrism(
    new URL("../../shared/openapi/airflow-3.2.1-api-v2.yaml", import.meta.url).pathname,
    false,
  );
  try {
    const airflow = new Airflow({
      baseUrl: prism.url,
      auth: { username: "admin", password: "s3cret-pass" },
    });
    await assert.rejects(airflow.dags.get("etl"), AuthenticationError);
  } finally {
    await prism.close();
  }
});
