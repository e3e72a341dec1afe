/**
 * Every wait on the network has a bound: bodies that stall after their headers (a log read,
 * the `/wait` stream, an Airflow 2 log page), a token function that never settles, and
 * duration options too large for a timer, which would otherwise fire at once.
 */
import assert from "node:assert/strict";
import { Airflow, APITimeoutError, type LogLine, RequestValidationError } from "../../mod.ts";
import { AirflowV1 } from "../../src/v1/mod.ts";
import { dagRun } from "../helpers/fake_fetch.ts";
import {
  type FaultHandler,
  type FaultServer,
  json,
  reply,
  stallMidBody,
  startFaultServer,
} from "../helpers/fault_server.ts";
import type { Finding, ReliabilityReport } from "./report.ts";

/** Room for a loaded machine on upper time bounds: they tell an ended wait from a hang. */
const SLACK_MS = 10_000;

/** Runs `body` against a fault server; closes it. */
export async function withServer<T>(
  handler: FaultHandler,
  body: (server: FaultServer) => Promise<T>,
): Promise<T> {
  const server = startFaultServer(handler);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

/** How a call ended, and how long it took. */
async function timed(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await call().then(() => undefined, (failure) => failure);
  return { error, ms: Math.round(performance.now() - started) };
}

function expectTimeout(error: unknown, ms: number, bound: number, pattern: RegExp): string {
  assert.ok(error instanceof APITimeoutError, String(error));
  assert.match(error.message, pattern);
  assert.ok(ms >= bound - 5 && ms < bound + SLACK_MS, `${ms} ms for a ${bound} ms bound`);
  return error.message;
}

async function collect(lines: AsyncIterable<LogLine>, into: LogLine[]): Promise<void> {
  for await (const line of lines) into.push(line);
}

const NDJSON = { "content-type": "application/x-ndjson" };

export function register(report: ReliabilityReport): void {
  report.test("bounds", "bodies that stall after their headers", async () => {
    const findings: Finding[] = [];
    const first = JSON.stringify({ event: "starting" }) + "\n";
    const log = first + JSON.stringify({ event: "never sent" }) + "\n";
    await withServer(() => stallMidBody(200, log, first.length, NDJSON), async (server) => {
      const airflow = new Airflow({ baseUrl: server.url });
      const lines: LogLine[] = [];
      const { error, ms } = await timed(() =>
        collect(airflow.taskInstances.logs("etl", "r", "extract", 1, { idleTimeout: 200 }), lines)
      );
      const message = expectTimeout(error, ms, 200, /sent nothing for 200 ms \(idleTimeout\)/);
      assert.deepEqual(lines.map((line) => line.event), ["starting"]);
      findings.push({
        subject: "a log read (no follow): one NDJSON line, then silence, connection open",
        behaviour: `the line, then APITimeoutError (${message.replace(/^.*: /, "")})`,
        figures: `ended after ${ms} ms; idleTimeout 200 ms`,
      });
    });

    const running = JSON.stringify({ state: "running" }) + "\n";
    await withServer(
      (request) =>
        request.url.pathname.endsWith("/wait")
          ? stallMidBody(200, running + running, running.length, NDJSON)
          : json(dagRun("etl", "r", "running")),
      async (server) => {
        const airflow = new Airflow({ baseUrl: server.url });
        const { error, ms } = await timed(() =>
          airflow.dagRuns.wait("etl", "r", { interval: 50, idleTimeout: 300 })
        );
        expectTimeout(error, ms, 300, /sent nothing for 300 ms \(idleTimeout\)/);
        findings.push({
          subject: "the /wait stream of dagRuns.wait: one state line, then silence",
          behaviour: "APITimeoutError naming idleTimeout; without the option, three intervals " +
            "and at least 60 s",
          figures: `ended after ${ms} ms; idleTimeout 300 ms`,
        });
      },
    );

    const page = JSON.stringify({ continuation_token: null, content: "a line\n" });
    await withServer(
      () => stallMidBody(200, page, 10, { "content-type": "application/json" }),
      async (server) => {
        const airflow = new AirflowV1({ baseUrl: server.url, timeout: 200, maxRetries: 0 });
        const { error, ms } = await timed(() =>
          collect(airflow.taskInstances.logs("etl", "r", "extract", 1), [])
        );
        expectTimeout(error, ms, 200, /took more than 200 ms/);
        findings.push({
          subject: "an Airflow 2 JSON log page: headers and 10 bytes, then silence",
          behaviour: "APITimeoutError: the body is read under the call's timeout",
          figures: `ended after ${ms} ms; timeout 200 ms, maxRetries 0`,
        });
      },
    );
    return findings;
  });

  report.test("bounds", "a source-details group that never ends", async () => {
    const sources = Array.from({ length: 50_000 }, (_, index) => `/logs/source-${index}`);
    const group = JSON.stringify({
      event: "::group::Log message source details",
      sources,
    });
    const lines = Array.from(
      { length: 20_000 },
      (_, index) => JSON.stringify({ event: `w${index}` }),
    );
    const body = [group, ...lines].join("\n") + "\n";
    return await withServer(() => reply(200, body, NDJSON), async (server) => {
      const airflow = new Airflow({ baseUrl: server.url });
      const started = performance.now();
      const stream = airflow.taskInstances.logs("etl", "r", "extract", 1);
      let yielded = 0;
      for await (const _ of stream) yielded++;
      const ms = Math.round(performance.now() - started);
      assert.equal(stream.sources.length, 100, "sources are capped");
      assert.equal(yielded, 20_000, "past the cap, the held lines and the rest are log");
      return {
        subject: "a log opening a source-details group with 50,000 sources, then 20,000 " +
          "one-word lines and no ::endgroup::",
        behaviour: "100 sources kept (each checked against a set, not a list); past 100 held " +
          "lines the group is taken for log output and its lines are yielded",
        figures: `${yielded.toLocaleString("en")} lines in ${ms} ms`,
      };
    });
  });

  report.test("bounds", "a middleware hook that never settles", async () => {
    return await withServer(() => json({}), async (server) => {
      const airflow = new Airflow({
        baseUrl: server.url,
        maxRetries: 0,
        middleware: [{ onRequest: () => new Promise<void>(() => {}) }],
      });
      const { error, ms } = await timed(() => airflow.dags.get("etl", { timeout: 200 }));
      expectTimeout(error, ms, 200, /timed out after 200 ms/);
      return {
        subject: "an onRequest hook whose promise never settles",
        behaviour: "APITimeoutError: hooks run under the attempt's timeout and signal",
        figures: `ended after ${ms} ms; timeout 200 ms; ${server.requests.length} requests`,
      };
    });
  });

  report.test("bounds", "a token function that never settles", async () => {
    return await withServer(() => json({}), async (server) => {
      const findings: Finding[] = [];
      const never = () => new Promise<string>(() => {});
      const airflow = new Airflow({ baseUrl: server.url, auth: { token: never }, maxRetries: 1 });
      const timedOut = await timed(() => airflow.dags.get("etl", { timeout: 200 }));
      const message = expectTimeout(timedOut.error, timedOut.ms, 400, /took more than 200 ms/)
        .replace(server.url, "<server>");
      findings.push({
        subject: "auth.token is a function whose promise never settles",
        behaviour: `APITimeoutError (${message.replace(/^.*?: /, "")}), after each attempt's ` +
          "timeout",
        figures: `ended after ${timedOut.ms} ms; timeout 200 ms, maxRetries 1; ` +
          `${server.requests.length} requests`,
      });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error("the caller gave up")), 100);
      const aborted = await timed(() =>
        airflow.dags.get("etl", { signal: controller.signal, timeout: 60_000 })
      );
      assert.match(String(aborted.error), /the caller gave up|abort/i);
      assert.ok(aborted.ms < 100 + SLACK_MS);
      assert.equal(server.requests.length, 0);
      findings.push({
        subject: "the same, with the call's signal aborted after 100 ms",
        behaviour: `rejects with the abort (${
          String(aborted.error).split("\n")[0].replace(server.url, "<server>")
        })`,
        figures: `ended after ${aborted.ms} ms; 0 requests`,
      });
      return findings;
    });
  });

  report.test("bounds", "durations a timer cannot hold are bad input", async () => {
    return await withServer(() => json({}), async (server) => {
      const airflow = new Airflow({ baseUrl: server.url });
      const logs = (options: Record<string, unknown>) =>
        collect(airflow.taskInstances.logs("etl", "r", "extract", 1, options), []);
      const cases: [string, () => Promise<unknown>, RegExp][] = [
        [
          "timeout 2^31 ms on a call",
          () => airflow.dags.get("etl", { timeout: 2 ** 31 }),
          /timeout/,
        ],
        [
          "interval 2^31 ms on dagRuns.wait",
          () => airflow.dagRuns.wait("etl", "r", { interval: 2 ** 31 }),
          /interval/,
        ],
        [
          "maxInterval Infinity on dagRuns.wait",
          () => airflow.dagRuns.wait("etl", "r", { maxInterval: Infinity }),
          /maxInterval/,
        ],
        [
          "idleTimeout 10^12 ms on dagRuns.wait",
          () => airflow.dagRuns.wait("etl", "r", { idleTimeout: 1e12 }),
          /idleTimeout/,
        ],
        [
          "totalTimeout 2^40 ms on dagRuns.wait",
          () => airflow.dagRuns.wait("etl", "r", { totalTimeout: 2 ** 40 }),
          /totalTimeout/,
        ],
        [
          "interval 2^31 ms on a followed log",
          () => logs({ follow: true, interval: 2 ** 31 }),
          /interval/,
        ],
        ["idleTimeout -1 on a log read", () => logs({ idleTimeout: -1 }), /idleTimeout/],
      ];
      const findings: Finding[] = [];
      for (const [subject, call, path] of cases) {
        const { error } = await timed(call);
        assert.ok(error instanceof RequestValidationError, `${subject}: ${error}`);
        assert.match(error.message, path);
        assert.match(error.message, /2147483647|must be/);
        findings.push({
          subject,
          behaviour: `RequestValidationError: ${
            error.message.replace(/^invalid arguments for /, "")
          }`,
          figures: `${server.requests.length} requests`,
        });
      }
      assert.equal(server.requests.length, 0);
      return findings;
    });
  });
}
