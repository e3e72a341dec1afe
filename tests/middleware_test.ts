import assert from "node:assert/strict";
import {
  Airflow,
  APIConnectionError,
  type Middleware,
  MiddlewareError,
  type MiddlewareFailure,
  type MiddlewareRequest,
  type MiddlewareResponse,
} from "../mod.ts";
import { dag, fakeFetch, json } from "./helpers/fake_fetch.ts";

const BASE = "http://airflow.test";
const TOKEN = "middleware-token-93ab";

Deno.test("onRequest may add and remove headers; credentials stay the client's own", async () => {
  const { fetch, requests } = fakeFetch(() => json(dag("etl")));
  const airflow = new Airflow({
    baseUrl: BASE,
    auth: { token: TOKEN },
    headers: { "x-team": "data", "x-drop": "me" },
    fetch,
    middleware: [{
      onRequest(request) {
        assert.equal(request.headers.get("authorization"), "[redacted]");
        request.headers.set("traceparent", "00-abc-def-01");
        request.headers.delete("x-drop");
        request.headers.set("authorization", "Bearer stolen");
      },
    }],
  });
  await airflow.dags.get("etl");
  const sent = requests[0].headers;
  assert.equal(sent.get("traceparent"), "00-abc-def-01");
  assert.equal(sent.get("x-team"), "data");
  assert.equal(sent.get("x-drop"), null);
  assert.equal(sent.get("authorization"), `Bearer ${TOKEN}`);
});

Deno.test("credential headers and headers holding the token are shown redacted, sent intact", async () => {
  const { fetch, requests } = fakeFetch(() => json(dag("etl")));
  const seen: (string | null)[] = [];
  const airflow = new Airflow({
    baseUrl: BASE,
    auth: { token: TOKEN },
    headers: { "x-api-key": "k3y-7f1e", "x-trace": `key=${TOKEN}` },
    fetch,
    middleware: [{
      onRequest: (request) =>
        void seen.push(request.headers.get("x-api-key"), request.headers.get("x-trace")),
    }],
  });
  await airflow.dags.get("etl");
  assert.deepEqual(seen, ["[redacted]", "key=[redacted]"]);
  assert.equal(requests[0].headers.get("x-api-key"), "k3y-7f1e");
  assert.equal(requests[0].headers.get("x-trace"), `key=${TOKEN}`);
});

Deno.test("hooks see every attempt, in order, with statuses and failures", async () => {
  const { fetch } = fakeFetch((_, index) => {
    if (index === 0) throw new TypeError("connection reset");
    if (index === 1) {
      return json({ detail: "busy" }, 503, { "retry-after": "0", "set-cookie": "s=1" });
    }
    return json(dag("etl"));
  });
  const log: string[] = [];
  const first: Middleware = {
    onRequest: (r: MiddlewareRequest) => void log.push(`request ${r.attempt} ${r.operationId}`),
    onResponse: (r: MiddlewareResponse) =>
      void log.push(`response ${r.attempt} ${r.status} ${r.headers.get("set-cookie")}`),
    onError: (f: MiddlewareFailure) =>
      void log.push(`error ${f.attempt} ${f.error.constructor.name}`),
  };
  const second: Middleware = { onRequest: (r) => void log.push(`second ${r.attempt}`) };
  const airflow = new Airflow({
    baseUrl: BASE,
    fetch,
    maxRetryDelay: 1,
    middleware: [first, second],
  });
  await airflow.dags.get("etl");
  assert.deepEqual(log, [
    "request 1 get_dag",
    "second 1",
    "error 1 APIConnectionError",
    "request 2 get_dag",
    "second 2",
    "response 2 503 [redacted]",
    "request 3 get_dag",
    "second 3",
    "response 3 200 null",
  ]);
});

Deno.test("a hook that throws fails the call with MiddlewareError, not retried", async () => {
  const { fetch, requests } = fakeFetch(() => json(dag("etl")));
  const boom = new Error("hook broke");
  const airflow = new Airflow({
    baseUrl: BASE,
    fetch,
    middleware: [{
      onRequest: () => {
        throw boom;
      },
    }],
  });
  const error = await airflow.dags.get("etl").catch((e) => e);
  assert.ok(error instanceof MiddlewareError, String(error));
  assert.ok(!(error instanceof APIConnectionError));
  assert.equal(error.cause, boom);
  assert.match(error.message, /middleware onRequest failed: Error: hook broke/);
  assert.equal(requests.length, 0);

  const late = new Airflow({
    baseUrl: BASE,
    fetch,
    middleware: [{ onResponse: () => Promise.reject(new Error("late")) }],
  });
  await assert.rejects(late.dags.get("etl"), MiddlewareError);
  assert.equal(requests.length, 1);
});
