import assert from "node:assert/strict";
import {
  Airflow,
  APITimeoutError,
  APIUserAbortError,
  NotFoundError,
  RequestValidationError,
} from "../mod.ts";
import { dagRun, fakeFetch, json } from "./helpers/fake_fetch.ts";
import { controlledStream, ndjson } from "./helpers/streams.ts";

const BASE = "http://airflow.test";
const RUN_ID = "manual__2026-11-20T10:00:00+00:00";

function xcom(taskId: string, value: unknown): Record<string, unknown> {
  return {
    key: "return_value",
    timestamp: "2026-11-20T10:05:00Z",
    map_index: -1,
    task_id: taskId,
    dag_id: "etl",
    run_id: RUN_ID,
    dag_display_name: "etl",
    task_display_name: taskId,
    run_after: "2026-11-20T10:00:00Z",
    value,
  };
}

Deno.test("wait reads the /wait stream line by line as it arrives", async () => {
  const body = controlledStream();
  const { fetch, requests } = fakeFetch((request) =>
    request.url.pathname.endsWith("/wait")
      ? ndjson(body.stream)
      : json(dagRun("etl", RUN_ID, "success"))
  );
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const steps = airflow.dagRuns.watch("etl", RUN_ID, {
    results: ["load", "report"],
    interval: 500,
  });
  body.push('{"state":"queued"}\n{"sta');
  assert.deepEqual((await steps.next()).value, { finished: false, state: "queued" });
  body.push('te":"queued"}\n{"state":"running"}\n');
  assert.deepEqual((await steps.next()).value, { finished: false, state: "running" });
  // Airflow sends each result as the JSON text it stored, and leaves out a task that has none.
  body.push('{"state": "success", "results": {"load": "{\\"rows\\": 3}"}}\n');
  const last = (await steps.next()).value;
  assert.ok(last?.finished);
  assert.equal(last.run.state, "success");
  assert.deepEqual(last.results, { load: { rows: 3 } });
  assert.equal((await steps.next()).done, true);

  const wait = requests[0];
  assert.equal(wait.headers.get("accept"), "application/x-ndjson");
  assert.equal(wait.url.searchParams.get("interval"), "0.5");
  assert.deepEqual(wait.url.searchParams.getAll("result"), ["load", "report"]);
  assert.equal(
    wait.url.pathname,
    "/api/v2/dags/etl/dagRuns/manual__2026-11-20T10%3A00%3A00%2B00%3A00/wait",
  );
});

Deno.test("wait falls back to polling on 404 or 405, and collects XComs", async () => {
  for (const status of [404, 405]) {
    const states = ["queued", "running", "running", "failed"];
    const { fetch, requests } = fakeFetch((request) => {
      const path = request.url.pathname;
      if (path.endsWith("/wait")) return json({ detail: "Not Found" }, status);
      if (path.endsWith("/xcomEntries/return_value")) {
        return path.includes("/load/") ? json(xcom("load", "42")) : json({ detail: "none" }, 404);
      }
      if (path.endsWith("/xcomEntries")) return json({ xcom_entries: [], total_entries: 0 });
      return json(dagRun("etl", RUN_ID, states.shift() ?? "failed"));
    });
    const airflow = new Airflow({ baseUrl: BASE, fetch });
    const seen: string[] = [];
    for await (
      const step of airflow.dagRuns.watch("etl", RUN_ID, {
        results: ["load", "skipped"],
        interval: 1,
      })
    ) {
      seen.push(step.state);
      if (step.finished) assert.deepEqual(step.results, { load: 42 });
    }
    assert.deepEqual(seen, ["queued", "running", "failed"], `status ${status}`);
    const runReads = requests.filter((r) => r.url.pathname.endsWith(encodeURIComponent(RUN_ID)));
    assert.equal(runReads.length, 4);
  }
});

Deno.test("wait resolves only with a finished run, even when the run reads queued after the stream", async () => {
  const states = ["queued", "running", "success"];
  const { fetch, requests } = fakeFetch((request) =>
    request.url.pathname.endsWith("/wait")
      ? ndjson(new Response('{"state": "running"}\n{"state": "success", "results": {}}\n').body!)
      : json(dagRun("etl", RUN_ID, states.shift() ?? "success"))
  );
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const steps = [];
  for await (const step of airflow.dagRuns.watch("etl", RUN_ID, { interval: 1 })) steps.push(step);
  assert.deepEqual(steps.map((step) => step.state), ["running", "success"]);
  const last = steps.at(-1)!;
  assert.ok(last.finished && last.run.state === last.state, "the last step agrees with its run");
  const runReads = requests.filter((r) => r.url.pathname.endsWith(encodeURIComponent(RUN_ID)));
  assert.equal(runReads.length, 3, "read again until the run says it has finished");
});

Deno.test("wait polls when the stream says something it does not understand", async () => {
  const { fetch } = fakeFetch((request) =>
    request.url.pathname.endsWith("/wait")
      ? ndjson(new Response("lorem ipsum\n").body!)
      : json(dagRun("etl", RUN_ID, "success"))
  );
  const { run, results } = await new Airflow({ baseUrl: BASE, fetch }).dagRuns.wait("etl", RUN_ID);
  assert.equal(run.state, "success");
  assert.deepEqual(results, {});
});

Deno.test("wait on a run that does not exist rejects with NotFoundError", async () => {
  const { fetch } = fakeFetch(() => json({ detail: "The DagRun was not found" }, 404));
  await assert.rejects(
    new Airflow({ baseUrl: BASE, fetch }).dagRuns.wait("etl", "nope"),
    (error) => error instanceof NotFoundError && error.detail === "The DagRun was not found",
  );
});

Deno.test("an abort closes the wait stream at once; a timeout rejects with APITimeoutError", async () => {
  const body = controlledStream();
  const { fetch } = fakeFetch(() => ndjson(body.stream));
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const controller = new AbortController();
  const steps = airflow.dagRuns.watch("etl", RUN_ID, { signal: controller.signal });
  body.push('{"state":"running"}\n');
  assert.equal((await steps.next()).value?.state, "running");
  const pending = steps.next();
  controller.abort();
  await assert.rejects(pending, APIUserAbortError);
  await body.cancelled;

  const polling = fakeFetch((request) =>
    request.url.pathname.endsWith("/wait")
      ? json({ detail: "Not Found" }, 404)
      : json(dagRun("etl", RUN_ID, "running"))
  );
  await assert.rejects(
    new Airflow({ baseUrl: BASE, fetch: polling.fetch }).dagRuns.wait("etl", RUN_ID, {
      interval: 1,
      totalTimeout: 50,
    }),
    (error) => error instanceof APITimeoutError && /timed out after 50 ms/.test(error.message),
  );
});

Deno.test("an abort or the total timeout closes the wait stream while the consumer reads nothing", async () => {
  for (const end of ["abort", "totalTimeout"] as const) {
    const body = controlledStream();
    const { fetch } = fakeFetch(() => ndjson(body.stream));
    const airflow = new Airflow({ baseUrl: BASE, fetch });
    const controller = new AbortController();
    const steps = airflow.dagRuns.watch("etl", RUN_ID, {
      signal: controller.signal,
      totalTimeout: end === "totalTimeout" ? 30 : undefined,
    });
    body.push('{"state":"running"}\n');
    assert.equal((await steps.next()).value?.state, "running");
    if (end === "abort") controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(body.isCancelled, true, `${end}: the stream was closed with no step asked for`);
  }
});

Deno.test("bad wait options are refused before anything is sent", async () => {
  const { fetch, requests } = fakeFetch(() => json({}));
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  for (
    const options of [{ interval: 0 }, { totalTimeout: -1 }, { timeout: 0 }, {
      maxInterval: Number.NaN,
    }, {
      results: "load",
    }, { results: [""] }]
  ) {
    await assert.rejects(
      // deno-lint-ignore no-explicit-any
      airflow.dagRuns.wait("etl", RUN_ID, options as any),
      (error) =>
        error instanceof RequestValidationError && error.issues[0].path.startsWith("options."),
    );
  }
  await assert.rejects(airflow.dagRuns.wait("etl", ""), RequestValidationError);
  assert.equal(requests.length, 0);
});

Deno.test("a mapped task's results are the list of its values, on the stream and when polling", async () => {
  const stream = fakeFetch((request) =>
    request.url.pathname.endsWith("/wait")
      ? ndjson(
        new Response(
          '{"state": "success", "results": {"mapped": ["\\"a\\"", "{\\"n\\": 1}"], "plain": "\\"x\\""}}\n',
        ).body!,
      )
      : json(dagRun("etl", RUN_ID, "success"))
  );
  const streamed = await new Airflow({ baseUrl: BASE, fetch: stream.fetch }).dagRuns.wait(
    "etl",
    RUN_ID,
    { results: ["mapped", "plain"] },
  );
  assert.deepEqual(streamed.results, { mapped: ["a", { n: 1 }], plain: "x" });

  const polled = fakeFetch((request) => {
    const path = request.url.pathname;
    if (path.endsWith("/wait")) return json({ detail: "Not Found" }, 404);
    if (path.endsWith("/mapped/xcomEntries")) {
      assert.equal(request.url.searchParams.get("xcom_key"), "return_value");
      return json({
        xcom_entries: [1, 0].map((index) => ({ ...xcom("mapped", null), map_index: index })),
        total_entries: 2,
      });
    }
    if (path.endsWith("/xcomEntries/return_value")) {
      const index = request.url.searchParams.get("map_index");
      if (path.includes("/mapped/") && index !== null) {
        return json(xcom("mapped", JSON.stringify({ index: Number(index) })));
      }
      return json({ detail: "XCom entry with key: `return_value` not found" }, 404);
    }
    if (path.endsWith("/xcomEntries")) return json({ xcom_entries: [], total_entries: 0 });
    return json(dagRun("etl", RUN_ID, "success"));
  });
  const waited = await new Airflow({ baseUrl: BASE, fetch: polled.fetch }).dagRuns.wait(
    "etl",
    RUN_ID,
    { results: ["mapped", "none"] },
  );
  assert.deepEqual(waited.results, { mapped: [{ index: 0 }, { index: 1 }] });
});
