/**
 * Where real Airflow differs from its published specs (`../shared/real-airflow.md`), one test
 * per fact. Each names the Airflow source it mirrors, shows the fake doing what that source
 * does (raw HTTP), then runs the same scenario through the client.
 */
import assert from "node:assert/strict";
import {
  Airflow,
  AuthenticationError,
  connect,
  type LogLine,
  NotFoundError,
  RequestValidationError,
  UnprocessableEntityError,
} from "../mod.ts";
import { AirflowV1 } from "../src/v1/mod.ts";
import {
  FakeAirflow,
  type FakeClock,
  type FakeDag,
  type FakeVersion,
  ManualClock,
  PacedClock,
} from "../src/testing/mod.ts";
import { startPrism } from "../scripts/prism.ts";
import { fakeFetch, json } from "./helpers/fake_fetch.ts";

const VERSIONS: FakeVersion[] = ["3.0.2", "3.1.8", "3.2.1"];
const BASE = "http://airflow.fake";

const DAGS: FakeDag[] = [
  {
    dag_id: "etl",
    tasks: [
      { task_id: "extract", durationSeconds: 2, logs: ["fetching"], returns: "result_1" },
      { task_id: "load", durationSeconds: 2, logs: ["loading"], returns: { rows: 42 } },
      { task_id: "notify", durationSeconds: 2 },
    ],
  },
  {
    dag_id: "fails_once",
    tasks: [{ task_id: "work", durationSeconds: 2, failTries: 1 }, { task_id: "after" }],
  },
];

/** A fake of `version`, a client on it that records the bodies it sends, and raw access. */
function setup<Clock extends FakeClock = ManualClock>(version: FakeVersion, given?: Clock) {
  const clock = given ?? new ManualClock(Date.UTC(2026, 10, 20, 10)) as unknown as Clock;
  const fake = new FakeAirflow({ version, clock, dags: DAGS });
  const bodies: { path: string; body: unknown }[] = [];
  const fetch = async (request: Request) => {
    const text = await request.clone().text();
    bodies.push({ path: new URL(request.url).pathname, body: text ? JSON.parse(text) : undefined });
    return await fake.fetch(request);
  };
  const airflow = new Airflow({ ...fake.clientOptions(), fetch });
  let token: string | undefined;
  const raw = async (path: string, init: RequestInit = {}) => {
    token ??= (await (await fake.fetch(`${BASE}/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "admin" }),
    })).json()).access_token;
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    if (init.body !== undefined) headers.set("content-type", "application/json");
    return await fake.fetch(`${BASE}${path}`, { ...init, headers });
  };
  return { fake, clock, airflow, raw, bodies };
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

function ndjsonLines(text: string): Record<string, unknown>[] {
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

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
