import assert from "node:assert/strict";
import { Airflow, APIUserAbortError, type LogLine, RequestValidationError } from "../mod.ts";
import { fakeFetch, json } from "./helpers/fake_fetch.ts";
import { controlledStream, ndjson } from "./helpers/streams.ts";

const BASE = "http://airflow.test";
const RUN_ID = "manual__2026-11-20T10:00:00+00:00";

function attempt(state: string): Record<string, unknown> {
  return {
    task_id: "extract",
    dag_id: "etl",
    dag_run_id: RUN_ID,
    map_index: -1,
    try_number: 1,
    max_tries: 1,
    task_display_name: "extract",
    dag_display_name: "etl",
    pool: "default_pool",
    pool_slots: 1,
    executor_config: "{}",
    state,
  };
}

function lines(...events: string[]): string {
  return events.map((event) => JSON.stringify({ event, level: "info" }) + "\n").join("");
}

async function collect(iterable: AsyncIterable<LogLine>): Promise<string[]> {
  const events: string[] = [];
  for await (const line of iterable) events.push(line.event);
  return events;
}

/** The source-details group every Airflow 3 log opens with, as NDJSON lines. */
const HEADER = [
  JSON.stringify({
    timestamp: null,
    event: "::group::Log message source details",
    sources: ["/logs/attempt=1.log"],
  }),
  JSON.stringify({ timestamp: null, event: "::endgroup::" }),
].map((line) => line + "\n").join("");

Deno.test("follow re-reads the NDJSON log, which starts over each time, and yields each line once", async () => {
  const states = ["running", "running", "success"];
  const reads = [lines("a", "b"), lines("a", "b", "c"), lines("a", "b", "c", "d")];
  const { fetch, requests } = fakeFetch((request) => {
    if (request.url.pathname.includes("/tries/")) return json(attempt(states.shift()!));
    // Airflow 3 echoes the request's metadata as the token: it never says where to go on from.
    return ndjson(new Response(HEADER + reads.shift()!).body!, {
      "airflow-continuation-token": "eyJkb3dubG9hZF9sb2dzIjpmYWxzZX0",
    });
  });
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const log = airflow.taskInstances.logs("etl", RUN_ID, "extract", 1, {
    follow: true,
    interval: 1,
  });
  assert.deepEqual(await collect(log), ["a", "b", "c", "d"]);
  assert.deepEqual(log.sources, ["/logs/attempt=1.log"]);
  const logReads = requests.filter((r) => r.url.pathname.includes("/logs/"));
  assert.equal(logReads.length, 3, "the read that starts after the try finished is the last");
  assert.ok(logReads.every((r) => !r.url.searchParams.has("token")));
  assert.ok(logReads.every((r) => r.headers.get("accept") === "application/x-ndjson"));
  assert.equal(logReads[0].url.searchParams.get("map_index"), "-1");
  assert.equal(
    logReads[0].url.pathname,
    "/api/v2/dags/etl/dagRuns/manual__2026-11-20T10%3A00%3A00%2B00%3A00/taskInstances/extract/logs/1",
  );
});

Deno.test("follow in JSON reads from the first line too, and stops when the token is null", async () => {
  const header = [
    { event: "::group::Log message source details", sources: ["/logs/attempt=1.log"] },
    { event: "::endgroup::" },
  ];
  const line = (event: string) => ({ timestamp: "2026-11-20T10:00:00Z", event });
  const pages = [
    { content: [...header, line("a")], continuation_token: "t1" },
    { content: [...header, line("a"), line("b")], continuation_token: "t2" },
    { content: [...header, line("a"), line("b"), line("c")], continuation_token: null },
  ];
  const { fetch, requests } = fakeFetch((request) =>
    request.url.pathname.includes("/tries/") ? json(attempt("running")) : json(pages.shift()!)
  );
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const events = await collect(
    airflow.taskInstances.logs("etl", RUN_ID, "extract", 1, {
      follow: true,
      interval: 1,
      format: "json",
    }),
  );
  assert.deepEqual(events, ["a", "b", "c"]);
  const logReads = requests.filter((r) => r.url.pathname.includes("/logs/"));
  assert.equal(logReads.length, 3);
  assert.ok(logReads.every((r) => !r.url.searchParams.has("token")));
});

Deno.test("JSON logs, plain-text lines and servers that answer JSON to NDJSON", async () => {
  const page = {
    content: [{ event: "structured", timestamp: "2026-11-20T10:00:00Z", level: "info" }],
    continuation_token: "t1",
  };
  const { fetch, requests } = fakeFetch((request) =>
    request.url.pathname.endsWith("/logs/2")
      ? json({ content: ["plain one", "plain two"] })
      : json(page)
  );
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const structured = [];
  for await (const line of airflow.taskInstances.logs("etl", RUN_ID, "extract", 1)) {
    structured.push(line);
  }
  assert.deepEqual(structured, page.content);
  assert.deepEqual(
    await collect(airflow.taskInstances.logs("etl", RUN_ID, "extract", 2, { format: "json" })),
    ["plain one", "plain two"],
  );
  assert.equal(requests.length, 2, "no follow: one read each, token or not");
  assert.equal(requests[1].headers.get("accept"), "application/json");

  const text = fakeFetch(() => ndjson(new Response('not json\n{"no_event":1}\n').body!));
  assert.deepEqual(
    await collect(
      new Airflow({ baseUrl: BASE, fetch: text.fetch }).taskInstances.logs("etl", RUN_ID, "t", 1),
    ),
    ["not json", '{"no_event":1}'],
  );
});

Deno.test("an abort closes the log stream at once", async () => {
  const body = controlledStream();
  const { fetch } = fakeFetch(() => ndjson(body.stream, { "airflow-continuation-token": "t" }));
  const controller = new AbortController();
  const logLines = new Airflow({ baseUrl: BASE, fetch }).taskInstances.logs(
    "etl",
    RUN_ID,
    "extract",
    1,
    { signal: controller.signal },
  );
  body.push(lines("first"));
  assert.equal((await logLines.next()).value?.event, "first");
  const pending = logLines.next();
  controller.abort();
  await assert.rejects(pending, APIUserAbortError);
  await body.cancelled;
});

Deno.test("bad log options are refused before anything is sent", async () => {
  const { fetch, requests } = fakeFetch(() => json({}));
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  for (
    const options of [{ interval: 0 }, { mapIndex: -2 }, { format: "text" }, { maxLineBytes: 0 }]
  ) {
    await assert.rejects(
      // deno-lint-ignore no-explicit-any
      airflow.taskInstances.logs("etl", RUN_ID, "extract", 1, options as any).next(),
      RequestValidationError,
    );
  }
  await assert.rejects(
    airflow.taskInstances.logs("etl", RUN_ID, "extract", 1.5).next(),
    RequestValidationError,
  );
  assert.equal(requests.length, 0);
});

Deno.test("a 100 MB streamed log passes through with a bounded number of bytes held", async () => {
  const line = JSON.stringify({ event: "x".repeat(1000), level: "info" }) + "\n";
  const chunk = new TextEncoder().encode(line.repeat(64));
  const total = 100 * 1024 * 1024;
  let produced = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced >= total) return controller.close();
      controller.enqueue(chunk.slice());
      produced += chunk.length;
    },
  }, { highWaterMark: 0 });
  const { fetch } = fakeFetch(() => ndjson(stream));
  let consumed = 0;
  let mostHeld = 0;
  for await (
    const logLine of new Airflow({ baseUrl: BASE, fetch }).taskInstances.logs("etl", RUN_ID, "t", 1)
  ) {
    consumed += logLine.event.length + line.length - 1000;
    mostHeld = Math.max(mostHeld, produced - consumed);
  }
  assert.equal(consumed, produced);
  assert.ok(produced >= total);
  assert.ok(mostHeld <= 4 * chunk.length, `held up to ${mostHeld} bytes`);
});

Deno.test("log lines split into single bytes, mid-character, parse intact", async () => {
  const events = ["naïve café ☕", "𝄞 clef", "日本語のログ"];
  const bytes = new TextEncoder().encode(lines(...events));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i++) controller.enqueue(bytes.subarray(i, i + 1));
      controller.close();
    },
  });
  const { fetch } = fakeFetch(() => ndjson(stream));
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  assert.deepEqual(await collect(airflow.taskInstances.logs("etl", RUN_ID, "t", 1)), events);
});

Deno.test("a source-details group that never closes does not swallow the log", async () => {
  const group = JSON.stringify({
    timestamp: null,
    event: "::group::Log message source details",
    sources: ["/logs/a.log"],
  });
  const body = [
    group,
    JSON.stringify({ timestamp: null, event: "/logs/b.log" }),
    JSON.stringify({ timestamp: "2026-11-20T10:00:00Z", event: "real line 1", level: "info" }),
    JSON.stringify({ timestamp: null, event: "plain text line" }),
  ].join("\n") + "\n";
  const { fetch } = fakeFetch(() => ndjson(new Response(body).body!));
  const log = new Airflow({ baseUrl: BASE, fetch }).taskInstances.logs("etl", RUN_ID, "t", 1);
  assert.deepEqual(await collect(log), ["/logs/b.log", "real line 1", "plain text line"]);
  assert.deepEqual(log.sources, ["/logs/a.log"]);

  const cut = fakeFetch(() => ndjson(new Response(`${group}\n{"event":"/logs/b.log"}\n`).body!));
  const short = new Airflow({ baseUrl: BASE, fetch: cut.fetch }).taskInstances.logs(
    "etl",
    RUN_ID,
    "t",
    1,
  );
  assert.deepEqual(await collect(short), ["/logs/b.log"], "held lines are yielded at the end");

  const closed = [
    JSON.stringify({ timestamp: null, event: "::group::Log message source details" }),
    JSON.stringify({ timestamp: null, event: "https://storage.example/abc/hello.log" }),
    JSON.stringify({ timestamp: null, event: "::endgroup::" }),
    JSON.stringify({ timestamp: null, event: "Log line" }),
  ].join("\n");
  const later = fakeFetch(() => ndjson(new Response(closed).body!));
  const newer = new Airflow({ baseUrl: BASE, fetch: later.fetch }).taskInstances.logs(
    "etl",
    RUN_ID,
    "t",
    1,
  );
  assert.deepEqual(await collect(newer), ["Log line"]);
  assert.deepEqual(newer.sources, ["https://storage.example/abc/hello.log"], "3.2.2's form");
});
