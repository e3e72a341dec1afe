import assert from "node:assert/strict";
import {
  Airflow,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  InternalServerError,
  RateLimitError,
} from "../mod.ts";
import { parseRetryAfter, retryDelay } from "../src/core/retry.ts";
import { dag, fakeFetch, json } from "./helpers/fake_fetch.ts";

const BASE = "http://airflow.test";
const FAST = { maxRetryDelay: 5 };

Deno.test("GET retries 408, 429, 502, 503, 504 and connection failures up to maxRetries", async () => {
  for (const status of [408, 429, 502, 503, 504]) {
    const { fetch, requests } = fakeFetch((_, index) =>
      index < 2 ? json({ detail: "busy" }, status) : json(dag("etl"))
    );
    const airflow = new Airflow({ baseUrl: BASE, fetch, ...FAST });
    assert.equal((await airflow.dags.get("etl")).dag_id, "etl");
    assert.equal(requests.length, 3, `status ${status}`);
  }
  const { fetch, requests } = fakeFetch(() => json({ detail: "down" }, 503));
  const error = await new Airflow({ baseUrl: BASE, fetch, maxRetries: 1, ...FAST }).dags.get("x")
    .catch((e) => e);
  assert.ok(error instanceof InternalServerError);
  assert.equal(requests.length, 2);

  const flaky = fakeFetch((_, index) => {
    if (index === 0) throw new TypeError("reset");
    return json(dag("etl"));
  });
  await new Airflow({ baseUrl: BASE, fetch: flaky.fetch, ...FAST }).dags.get("etl");
  assert.equal(flaky.requests.length, 2);
});

Deno.test("500, 400 and the like are not retried", async () => {
  for (const status of [400, 404, 500]) {
    const { fetch, requests } = fakeFetch(() => json({ detail: "no" }, status));
    await new Airflow({ baseUrl: BASE, fetch, ...FAST }).dags.get("etl").catch(() => {});
    assert.equal(requests.length, 1, `status ${status}`);
  }
});

Deno.test("POST and PATCH retry only when the caller opts in", async () => {
  const handler = (_: unknown, index: number) =>
    index === 0 ? json({ detail: "busy" }, 503) : json({ name: "p", slots: 1 }, 201);
  const once = fakeFetch(handler);
  const airflow = new Airflow({ baseUrl: BASE, fetch: once.fetch, ...FAST });
  await assert.rejects(airflow.pools.create({ name: "p", slots: 1 }), InternalServerError);
  assert.equal(once.requests.length, 1);

  const optIn = fakeFetch(handler);
  const retrying = new Airflow({ baseUrl: BASE, fetch: optIn.fetch, ...FAST });
  await retrying.pools.create({ name: "p", slots: 1 }, { retryNonIdempotent: true }).catch(
    () => {},
  );
  assert.equal(optIn.requests.length, 2);
});

Deno.test("Retry-After is honoured as seconds or an HTTP date, within the cap", () => {
  const now = Date.parse("2026-11-20T10:00:00Z");
  assert.equal(parseRetryAfter("3", now), 3000);
  assert.equal(parseRetryAfter("Fri, 20 Nov 2026 10:00:07 GMT", now), 7000);
  assert.equal(parseRetryAfter("garbage", now), undefined);
  assert.equal(retryDelay(1, new Headers({ "retry-after": "3" }), 60_000), 3000);
  assert.equal(retryDelay(1, new Headers({ "retry-after": "3600" }), 2000), 2000);
  for (let attempt = 1; attempt <= 6; attempt++) {
    const delay = retryDelay(attempt, new Headers(), 60_000);
    const base = Math.min(500 * 2 ** (attempt - 1), 8000);
    assert.ok(delay >= base * 0.75 && delay <= base, `attempt ${attempt}: ${delay}`);
  }
});

Deno.test("a 429 with Retry-After waits that long before the retry", async () => {
  const times: number[] = [];
  const { fetch } = fakeFetch((_, index) => {
    times.push(performance.now());
    return index === 0
      ? json({ detail: "slow down" }, 429, { "retry-after": "1" })
      : json(dag("e"));
  });
  await new Airflow({ baseUrl: BASE, fetch }).dags.get("e");
  assert.ok(times[1] - times[0] >= 990, `waited ${times[1] - times[0]} ms`);

  const limited = fakeFetch(() => json({ detail: "slow down" }, 429, { "retry-after": "0" }));
  const error = await new Airflow({ baseUrl: BASE, fetch: limited.fetch }).dags.get("e")
    .catch((e) => e);
  assert.ok(error instanceof RateLimitError);
  assert.equal(limited.requests.length, 3);
});

Deno.test("timeout: per call and client-wide, body included, retried then thrown", async () => {
  const stall = (_: unknown, __: number) => new Promise<Response>(() => {});
  const hanging = fakeFetch(async (request, index) => {
    await stall(request, index);
    return json({});
  });
  // The fake ignores the signal, as a stuck network would; the client must still give up.
  const airflow = new Airflow({ baseUrl: BASE, fetch: hanging.fetch, timeout: 30, ...FAST });
  const error = await airflow.dags.get("etl").catch((e) => e);
  assert.ok(error instanceof APITimeoutError);
  assert.ok(error instanceof APIConnectionError);
  assert.match(error.message, /timed out after 30 ms/);
  assert.equal(hanging.requests.length, 3);

  const perCall = await airflow.dags.get("etl", { timeout: 10, maxRetries: 0 }).catch((e) => e);
  assert.match(perCall.message, /timed out after 10 ms/);

  const slowBody = fakeFetch(() =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"dag_id":'));
        },
      }),
      { status: 200 },
    )
  );
  const bodyError = await new Airflow({ baseUrl: BASE, fetch: slowBody.fetch, timeout: 30 })
    .dags.get("etl", { maxRetries: 0 }).catch((e) => e);
  assert.ok(bodyError instanceof APITimeoutError, String(bodyError));
});

Deno.test("a caller's signal keeps no listener once its calls end, however they end", async () => {
  const controller = new AbortController();
  const signal = controller.signal;
  let listeners = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = (...args: Parameters<typeof add>) => (listeners++, add(...args));
  signal.removeEventListener = (
    ...args: Parameters<typeof remove>
  ) => (listeners--, remove(...args));
  const answers = [
    () => json(dag("etl")),
    () => json({ detail: "gone" }, 404),
    () => json({ detail: "busy" }, 503),
  ];
  const { fetch } = fakeFetch((_, index) => answers[index % answers.length]());
  const airflow = new Airflow({ baseUrl: BASE, fetch, maxRetries: 0, maxConcurrency: 2 });
  const calls = Array.from({ length: 30 }, () => airflow.dags.get("etl", { signal }));
  const outcomes = await Promise.allSettled(calls);
  assert.equal(outcomes.filter((outcome) => outcome.status === "fulfilled").length, 10);
  const hungToken = new Airflow({
    baseUrl: BASE,
    fetch,
    auth: { token: () => new Promise(() => {}) },
  });
  await assert.rejects(
    hungToken.dags.get("etl", { signal, timeout: 20, maxRetries: 0 }),
    APITimeoutError,
  );
  assert.equal(listeners, 0, "every listener the calls added was removed");
});

Deno.test("abort stops at once, during a request and during a backoff wait", async () => {
  const controller = new AbortController();
  const hanging = fakeFetch(() => new Promise<Response>(() => {}));
  const airflow = new Airflow({ baseUrl: BASE, fetch: hanging.fetch });
  const pending = airflow.dags.get("etl", { signal: controller.signal });
  setTimeout(() => controller.abort(), 10);
  await assert.rejects(pending, APIUserAbortError);

  const busy = fakeFetch(() => json({ detail: "busy" }, 503, { "retry-after": "30" }));
  const waiting = new Airflow({ baseUrl: BASE, fetch: busy.fetch });
  const during = new AbortController();
  const started = performance.now();
  const call = waiting.dags.get("etl", { signal: during.signal });
  setTimeout(() => during.abort(), 20);
  await assert.rejects(call, APIUserAbortError);
  assert.ok(performance.now() - started < 25_000, "it did not sit out the 30 s Retry-After");
  assert.equal(busy.requests.length, 1);

  const already = AbortSignal.abort();
  const before = fakeFetch(() => json(dag("etl")));
  await assert.rejects(
    new Airflow({ baseUrl: BASE, fetch: before.fetch }).dags.get("etl", { signal: already }),
    APIUserAbortError,
  );
  assert.equal(before.requests.length, 0);
});
