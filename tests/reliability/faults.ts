/**
 * Network and server faults, played byte by byte by a loopback server: cut bodies, HTML error
 * pages, wrong content types, stalls, dropped connections and `Retry-After`. Each test checks
 * that the call ends in the right typed error or a successful retry, after exactly the attempts
 * the options allow and within the time they imply, with no secret in the error.
 */
import assert from "node:assert/strict";
import {
  Airflow,
  APIConnectionError,
  APIError,
  APITimeoutError,
  InternalServerError,
  RateLimitError,
  ResponseValidationError,
} from "../../mod.ts";
import { dag } from "../helpers/fake_fetch.ts";
import {
  type FaultHandler,
  json,
  type Plan,
  reply,
  resetMidBody,
  type SeenRequest,
  stallBeforeHeaders,
  stallMidBody,
  startFaultServer,
  truncated,
} from "../helpers/fault_server.ts";
import type { Finding, ReliabilityReport } from "./report.ts";

const TOKEN = "fault-test-token-5e1d7c";
const PATH = "/api/v2/dags/etl";
const DAG_BODY = JSON.stringify(dag("etl"));
const HALF = Math.floor(DAG_BODY.length / 2);
/**
 * Room for a loaded machine on every upper time bound. The bounds tell a call that ended from
 * one that hung or waited a retry too many; they are not speed targets, so the room is wide.
 */
const SLACK_MS = 10_000;
/** Timers may fire this much early by `performance.now()`. */
const TIMER_TOLERANCE_MS = 5;

interface Limits {
  timeout: number;
  maxRetries: number;
  maxRetryDelay: number;
}

/** For faults answered at once: a timeout they never come near. */
const QUICK: Limits = { timeout: 2_000, maxRetries: 2, maxRetryDelay: 20 };
/** For stalls, which only the timeout ends. */
const STALL: Limits = { timeout: 200, maxRetries: 2, maxRetryDelay: 20 };

interface Outcome {
  value?: { dag_id: string };
  error?: Error;
  attempts: number;
  elapsed: number;
  /** Time between consecutive requests' arrivals at the server. */
  gaps: number[];
  /** Whether the client had closed every connection it gave up on when the call ended. */
  released: boolean;
  url: string;
  limits: Limits;
}

/** Calls `dags.get("etl")` once against a server playing `handler`. */
async function run(handler: FaultHandler, limits: Limits): Promise<Outcome> {
  const rejections: unknown[] = [];
  const onRejection = (event: PromiseRejectionEvent) => {
    event.preventDefault();
    rejections.push(event.reason);
  };
  globalThis.addEventListener("unhandledrejection", onRejection);
  const server = startFaultServer(handler);
  let outcome: Outcome;
  try {
    const airflow = new Airflow({ baseUrl: server.url, auth: { token: TOKEN }, ...limits });
    const started = performance.now();
    let value: { dag_id: string } | undefined;
    let error: Error | undefined;
    try {
      value = await airflow.dags.get("etl");
    } catch (thrown) {
      error = thrown as Error;
    }
    const elapsed = performance.now() - started;
    const released = await eventually(() => server.inFlight === 0, 1_000);
    const { requests } = server;
    for (const request of requests) assertCall(request);
    const gaps = requests.slice(1).map((request, index) => request.at - requests[index].at);
    outcome = {
      value,
      error,
      attempts: requests.length,
      elapsed,
      gaps,
      released,
      url: server.url + PATH,
      limits,
    };
  } finally {
    await server.close();
    await new Promise((resolve) => setTimeout(resolve, 0));
    globalThis.removeEventListener("unhandledrejection", onRejection);
  }
  assert.deepEqual(rejections, [], "unhandled rejections");
  assert.ok(outcome.released, "the client left a connection open after giving up on it");
  return outcome;
}

function assertCall(request: SeenRequest): void {
  assert.equal(request.method, "GET");
  assert.equal(request.url.pathname, PATH);
  assert.equal(request.headers.get("authorization"), `Bearer ${TOKEN}`);
}

async function eventually(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!condition() && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return condition();
}

/** Asserts the call failed with `Class` after `attempts` attempts, its message safe to show. */
function expectError<T extends Error>(
  outcome: Outcome,
  Class: abstract new (...args: never[]) => T,
  attempts: number,
): T {
  const { error } = outcome;
  assert.ok(error instanceof Class, `expected ${Class.name}, got ${error ?? "a value"}`);
  assert.ok(
    error.message.includes(`GET ${outcome.url}`),
    `the message names the method and URL: ${error.message}`,
  );
  assert.ok(!error.message.includes(TOKEN), `the token is in the message: ${error.message}`);
  assert.ok(!Deno.inspect(error, { depth: 10 }).includes(TOKEN), "the token is in the error");
  assert.equal(outcome.attempts, attempts, "attempts");
  return error;
}

/** Asserts the call returned the DAG after `attempts` attempts. */
function expectSuccess(outcome: Outcome, attempts: number): void {
  assert.equal(outcome.error, undefined, `unexpected ${outcome.error}`);
  assert.equal(outcome.value?.dag_id, "etl");
  assert.equal(outcome.attempts, attempts, "attempts");
}

/** Asserts every wait between attempts was at least `min` and at most `max` ms. */
function expectGaps(outcome: Outcome, min: number, max: number): void {
  for (const gap of outcome.gaps) {
    assert.ok(gap >= min - TIMER_TOLERANCE_MS, `waited ${gap} ms, less than ${min}`);
    assert.ok(gap <= max, `waited ${gap} ms, more than ${max}`);
  }
}

/** Asserts the call took between `min` and `max` ms. */
function expectElapsed(outcome: Outcome, min: number, max: number): void {
  const { elapsed } = outcome;
  assert.ok(elapsed >= min - TIMER_TOLERANCE_MS, `took ${elapsed} ms, less than ${min}`);
  assert.ok(elapsed <= max, `took ${elapsed} ms, more than ${max}`);
}

/** The longest a call may take when every attempt is answered at once. */
function quickBound(limits: Limits): number {
  return limits.maxRetries * limits.maxRetryDelay + SLACK_MS;
}

/** The time a call whose every attempt stalls must take, and the most it may. */
function stallBounds(limits: Limits, stalled: number): [number, number] {
  const min = stalled * limits.timeout;
  return [min, min + limits.maxRetries * limits.maxRetryDelay + SLACK_MS];
}

/** `plan` for the first `failures` attempts, then the DAG. */
function failing(failures: number, plan: (request: SeenRequest) => Plan): FaultHandler {
  return (request, index) => index < failures ? plan(request) : json(dag("etl"));
}

function finding(subject: string, outcome: Outcome): Finding {
  const { error, attempts, elapsed, limits } = outcome;
  const retries = attempts - 1;
  const end = error ? `${error.name} (${detail(error)})` : "the DAG";
  const behaviour = retries === 0
    ? `${end}, not retried`
    : `retried ${retries} time${retries === 1 ? "" : "s"}, then ${end}`;
  const waits = outcome.gaps.length
    ? `; ${outcome.gaps.map((gap) => Math.round(gap)).join(" and ")} ms between attempts`
    : "";
  return {
    subject,
    behaviour,
    figures: `${attempts} attempt${attempts === 1 ? "" : "s"} in ${Math.round(elapsed)} ms` +
      `${waits}; timeout ${limits.timeout} ms, maxRetries ${limits.maxRetries}, ` +
      `maxRetryDelay ${limits.maxRetryDelay} ms`,
  };
}

/** The part of an error that says what happened, without the URL. */
function detail(error: Error): string {
  if (error instanceof ResponseValidationError) return error.issues[0].message;
  if (error instanceof APIError) return `status ${error.status}`;
  if (error instanceof APITimeoutError) return error.message.replace(/^.* timed out/, "timed out");
  if (error.cause instanceof Error) return error.cause.message;
  return error.message;
}

/** A proxy's error page that echoes the credentials it was sent, as some debug pages do. */
function badGateway(request: SeenRequest): Plan {
  const page = "<html><head><title>502 Bad Gateway</title></head><body>" +
    `<h1>502 Bad Gateway</h1><p>upstream refused ${request.headers.get("authorization")}</p>` +
    "<hr><center>nginx</center></body></html>";
  return reply(502, page, { "content-type": "text/html" });
}

/** A `Retry-After` date on a whole second, between one and two seconds from now. */
function nextSecondButOne(): Date {
  return new Date(Math.ceil(Date.now() / 1_000) * 1_000 + 1_000);
}

/** Registers one test per fault on `report`, in the "faults" section. */
export function register(report: ReliabilityReport): void {
  report.test("faults", "a JSON body cut short by the connection", async () => {
    const cut = () => truncated(200, DAG_BODY, HALF, { "content-type": "application/json" });
    const always = await run(failing(Infinity, cut), QUICK);
    const error = expectError(always, APIConnectionError, QUICK.maxRetries + 1);
    assert.ok(!(error instanceof APITimeoutError), "an early close is not a timeout");
    expectElapsed(always, 0, quickBound(QUICK));
    const once = await run(failing(QUICK.maxRetries, cut), QUICK);
    expectSuccess(once, QUICK.maxRetries + 1);
    expectElapsed(once, 0, quickBound(QUICK));
    const subject = `200, Content-Length ${DAG_BODY.length}, the connection closed after ${HALF}`;
    return [
      finding(`${subject}, every time`, always),
      finding(`${subject}, then a full answer`, once),
    ];
  });

  report.test("faults", "a complete answer whose JSON is cut short", async () => {
    const outcome = await run(
      () => reply(200, DAG_BODY.slice(0, HALF), { "content-type": "application/json" }),
      QUICK,
    );
    const error = expectError(outcome, ResponseValidationError, 1);
    assert.equal(error.body, DAG_BODY.slice(0, HALF));
    expectElapsed(outcome, 0, SLACK_MS);
    return finding(`200 with half a JSON document and a matching Content-Length`, outcome);
  });

  report.test("faults", "an HTML 502 page from a proxy", async () => {
    const always = await run(failing(Infinity, badGateway), QUICK);
    const error = expectError(always, InternalServerError, QUICK.maxRetries + 1);
    assert.equal(error.status, 502);
    assert.match(error.detail ?? "", /502 Bad Gateway/);
    expectElapsed(always, 0, quickBound(QUICK));
    const once = await run(failing(1, badGateway), QUICK);
    expectSuccess(once, 2);
    expectElapsed(once, 0, quickBound(QUICK));
    const subject = "502 text/html page from a proxy, echoing the Authorization header";
    return [
      finding(`${subject}, every time`, always),
      finding(`${subject}, then a full answer`, once),
    ];
  });

  report.test("faults", "200 text/html with an HTML page", async () => {
    const page = "<html><body><h1>Sign in</h1><form action=/login></form></body></html>";
    const outcome = await run(() => reply(200, page, { "content-type": "text/html" }), QUICK);
    expectError(outcome, ResponseValidationError, 1);
    expectElapsed(outcome, 0, SLACK_MS);
    return finding("200 text/html with a sign-in page (an SSO proxy)", outcome);
  });

  report.test("faults", "200 JSON labelled text/plain", async () => {
    const outcome = await run(() => reply(200, DAG_BODY, { "content-type": "text/plain" }), QUICK);
    expectSuccess(outcome, 1);
    expectElapsed(outcome, 0, SLACK_MS);
    return finding("200 with a valid DAG as text/plain (the content type is not checked)", outcome);
  });

  report.test("faults", "200 JSON without a content type", async () => {
    const outcome = await run(() => reply(200, DAG_BODY), QUICK);
    expectSuccess(outcome, 1);
    expectElapsed(outcome, 0, SLACK_MS);
    return finding("200 with a valid DAG and no Content-Type", outcome);
  });

  report.test("faults", "200 with an empty body", async () => {
    const outcome = await run(() => reply(200, "", { "content-type": "application/json" }), QUICK);
    const error = expectError(outcome, ResponseValidationError, 1);
    assert.equal(error.body, "");
    expectElapsed(outcome, 0, SLACK_MS);
    return finding("200 application/json with Content-Length 0", outcome);
  });

  report.test("faults", "a stall before the headers", async () => {
    const always = await run(failing(Infinity, stallBeforeHeaders), STALL);
    const error = expectError(always, APITimeoutError, STALL.maxRetries + 1);
    assert.match(error.message, new RegExp(`timed out after ${STALL.timeout} ms`));
    expectElapsed(always, ...stallBounds(STALL, STALL.maxRetries + 1));
    const once = await run(failing(STALL.maxRetries, stallBeforeHeaders), STALL);
    expectSuccess(once, STALL.maxRetries + 1);
    expectElapsed(once, ...stallBounds(STALL, STALL.maxRetries));
    return [
      finding("the request read, no answer ever, every time", always),
      finding("the request read, no answer, twice, then a full answer", once),
    ];
  });

  report.test("faults", "a stall in the middle of the body", async () => {
    const stall = () => stallMidBody(200, DAG_BODY, HALF, { "content-type": "application/json" });
    const always = await run(failing(Infinity, stall), STALL);
    expectError(always, APITimeoutError, STALL.maxRetries + 1);
    expectElapsed(always, ...stallBounds(STALL, STALL.maxRetries + 1));
    const once = await run(failing(STALL.maxRetries, stall), STALL);
    expectSuccess(once, STALL.maxRetries + 1);
    expectElapsed(once, ...stallBounds(STALL, STALL.maxRetries));
    const subject = `200, headers and ${HALF} of ${DAG_BODY.length} bytes, then silence`;
    return [
      finding(`${subject}, every time`, always),
      finding(`${subject}, twice, then a full answer`, once),
    ];
  });

  report.test("faults", "the connection dropped in the middle of the body", async () => {
    const drop = () => resetMidBody(200, DAG_BODY, HALF, { "content-type": "application/json" });
    const always = await run(failing(Infinity, drop), QUICK);
    const error = expectError(always, APIConnectionError, QUICK.maxRetries + 1);
    assert.ok(!(error instanceof APITimeoutError), "a dropped connection is not a timeout");
    expectElapsed(always, 0, quickBound(QUICK));
    const once = await run(failing(1, drop), QUICK);
    expectSuccess(once, 2);
    expectElapsed(once, 0, quickBound(QUICK));
    const subject = `200, headers and ${HALF} bytes, then the connection torn down ` +
      "(an abrupt close: Deno cannot send a TCP reset)";
    return [
      finding(`${subject}, every time`, always),
      finding(`${subject}, once, then a full answer`, once),
    ];
  });

  report.test("faults", "429 with Retry-After in seconds", async () => {
    const limits = { ...QUICK, maxRetryDelay: 5_000 };
    const slowDown = () => json({ detail: "slow down" }, 429, { "retry-after": "1" });
    const once = await run(failing(1, slowDown), limits);
    expectSuccess(once, 2);
    expectGaps(once, 1_000, 1_000 + SLACK_MS);

    const capped = { ...QUICK, maxRetryDelay: 300 };
    const hour = () => json({ detail: "slow down" }, 429, { "retry-after": "3600" });
    const always = await run(failing(Infinity, hour), capped);
    const error = expectError(always, RateLimitError, capped.maxRetries + 1);
    assert.equal(error.headers?.get("retry-after"), "3600");
    expectGaps(always, capped.maxRetryDelay, capped.maxRetryDelay + SLACK_MS);
    return [
      finding("429 with Retry-After: 1, then a full answer", once),
      finding("429 with Retry-After: 3600 every time, more than maxRetryDelay", always),
    ];
  });

  report.test("faults", "503 with Retry-After as an HTTP date", async () => {
    const limits = { ...QUICK, maxRetryDelay: 5_000 };
    let retryAt = 0;
    let retriedAt = 0;
    const once = await run((_, index) => {
      if (index > 0) {
        retriedAt = Date.now();
        return json(dag("etl"));
      }
      const date = nextSecondButOne();
      retryAt = date.getTime();
      return json({ detail: "maintenance" }, 503, { "retry-after": date.toUTCString() });
    }, limits);
    expectSuccess(once, 2);
    assert.ok(
      retriedAt >= retryAt - TIMER_TOLERANCE_MS,
      `retried ${retryAt - retriedAt} ms before the date`,
    );
    expectGaps(once, 1_000, 2_000 + SLACK_MS);

    const capped = { ...QUICK, maxRetryDelay: 300 };
    const inAnHour = () =>
      json({ detail: "maintenance" }, 503, {
        "retry-after": new Date(Date.now() + 3_600_000).toUTCString(),
      });
    const always = await run(failing(Infinity, inAnHour), capped);
    const error = expectError(always, InternalServerError, capped.maxRetries + 1);
    assert.equal(error.status, 503);
    expectGaps(always, capped.maxRetryDelay, capped.maxRetryDelay + SLACK_MS);
    return [
      finding("503 with Retry-After one to two seconds ahead as an HTTP date, then the DAG", once),
      finding("503 with Retry-After an hour ahead as an HTTP date, every time", always),
    ];
  });
}
