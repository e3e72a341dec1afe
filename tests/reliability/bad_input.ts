/**
 * Bad input: arguments and options are refused with an error that names the problem before
 * anything is sent; input that is odd but legal travels intact and harms nothing.
 */
import assert from "node:assert/strict";
import { Airflow, AirflowError, RequestValidationError } from "../../mod.ts";
import { dag, dagRun } from "../helpers/fake_fetch.ts";
import { json, reply, startFaultServer } from "../helpers/fault_server.ts";
import type { Finding, ReliabilityReport } from "./report.ts";

const TOKEN = "bad-input-token-5c2e";

// deno-lint-ignore no-explicit-any
type Loose = any;

/** Calls refused before sending, each with what the error must say. */
const REFUSED_CALLS: [string, (airflow: Loose) => Promise<unknown>, RegExp][] = [
  ["an empty DAG id", (a) => a.dags.get(""), /path\.dag_id: must not be empty/],
  ["a missing DAG id", (a) => a.dags.get(undefined), /path\.dag_id: is required/],
  ["a number as the DAG id", (a) => a.dags.get(42), /path\.dag_id: must be a string/],
  [
    'a run id of ".." (URL parsing would drop the segment and hit the DAG)',
    (a) => a.dagRuns.delete("etl", ".."),
    /path\.dag_run_id: cannot be "\.\."/,
  ],
  [
    "an unknown query parameter",
    (a) => a.dags.list({ colour: "red" }).toArray(),
    /query\.colour: is not a parameter of get_dags/,
  ],
  [
    "a query parameter of the wrong type",
    (a) => a.dags.list({ paused: "yes" }).toArray(),
    /query\.paused/,
  ],
  [
    "pageSize 0",
    (a) => a.dags.list({ pageSize: 0 }).toArray(),
    /query\.pageSize: must be an integer from 1 to/,
  ],
  [
    "maxItems -1",
    (a) => a.dags.list({ maxItems: -1 }).toArray(),
    /query\.maxItems: must be an integer from 0 to/,
  ],
  ["a body missing a required field", (a) => a.pools.create({ name: "p" }), /body.*slots/],
  [
    "a body field of the wrong type",
    (a) => a.pools.create({ name: "p", slots: "many" }),
    /body\.slots/,
  ],
  [
    "a body on an operation that takes none",
    (a) => a.request("GET /api/v2/dags/{dag_id}", { dag_id: "etl", body: {} }),
    /takes no body/,
  ],
  [
    "timeout 0 on a call",
    (a) => a.dags.get("etl", { timeout: 0 }),
    /options\.timeout: must be a number from 1/,
  ],
  [
    "maxRetries 1.5 on a call",
    (a) => a.dags.get("etl", { maxRetries: 1.5 }),
    /options\.maxRetries: must be a whole number/,
  ],
  [
    "a query parameter named constructor (an Object.prototype member)",
    (a) => a.dags.list({ constructor: "x" }).toArray(),
    /query\.constructor: is not a parameter of get_dags/,
  ],
  [
    "a query parameter named toString",
    (a) => a.dags.list({ toString: "x" }).toArray(),
    /query\.toString: is not a parameter of get_dags/,
  ],
  [
    "a run conf that refers to itself",
    (a) => {
      const conf: Record<string, unknown> = { batch: 1 };
      conf.self = conf;
      return a.dagRuns.trigger("etl", { logical_date: null, conf });
    },
    /body: refers to itself/,
  ],
  [
    "a BigInt in a run conf",
    (a) => a.dagRuns.trigger("etl", { logical_date: null, conf: { rows: 10n } }),
    /body: holds a BigInt/,
  ],
  [
    "a run conf whose toJSON returns a BigInt",
    (a) => a.dagRuns.trigger("etl", { logical_date: null, conf: { rows: { toJSON: () => 1n } } }),
    /body: cannot be written: TypeError/,
  ],
  [
    "a run conf with a getter that throws",
    (a) =>
      a.dagRuns.trigger("etl", {
        logical_date: null,
        conf: Object.defineProperty({}, "rows", {
          enumerable: true,
          get: () => {
            throw new Error("no rows");
          },
        }),
      }),
    /body: cannot be written: Error/,
  ],
  [
    "a run conf nested 200,000 deep",
    (a) => {
      let conf: Record<string, unknown> = {};
      for (let depth = 0; depth < 200_000; depth++) conf = { inner: conf };
      return a.dagRuns.trigger("etl", { logical_date: null, conf });
    },
    /body: nests too deeply to be written/,
  ],
  [
    "a DAG id with a lone surrogate",
    (a) => a.dags.get("etl\uD800"),
    /path\.dag_id: holds a lone surrogate/,
  ],
];

/** Client options refused at construction. */
const REFUSED_OPTIONS: [string, Loose, RegExp][] = [
  ["no baseUrl", {}, /baseUrl is required/],
  [
    "a baseUrl with a password in it",
    { baseUrl: `http://admin:${TOKEN}@airflow.test` },
    /must not contain credentials/,
  ],
  [
    "a malformed baseUrl with a password in it",
    { baseUrl: `http://admin:${TOKEN}@[oops` },
    /not a valid URL/,
  ],
  ["a file: baseUrl", { baseUrl: "file:///etc" }, /must be http or https/],
  ["a baseUrl ending in a bare ?", { baseUrl: "http://airflow.test/?" }, /query|fragment/],
  ["a baseUrl ending in a bare #", { baseUrl: "http://airflow.test/#" }, /query|fragment/],
  ...[
    `http:admin:${TOKEN}@airflow.test`,
    `http:/admin:${TOKEN}@airflow.test`,
    `http:\\\\admin:${TOKEN}@airflow.test`,
    `http://admin:${TOKEN}@x@airflow.test`,
  ].map((baseUrl): [string, Loose, RegExp] => [
    `a baseUrl spelled ${baseUrl.replace(TOKEN, "<password>")}`,
    { baseUrl },
    /credentials|not a valid URL/,
  ]),
  [
    "an empty token",
    { baseUrl: "http://a.test", auth: { token: "" } },
    /auth\.token must be a non-empty string/,
  ],
  [
    "a username without a password",
    { baseUrl: "http://a.test", auth: { username: "a" } },
    /auth\.password must be a string/,
  ],
  [
    "timeout Infinity",
    { baseUrl: "http://a.test", timeout: Infinity },
    /options\.timeout must be a number from 1/,
  ],
  ["a timeout past setTimeout's range (30 days)", {
    baseUrl: "http://a.test",
    timeout: 30 * 86_400_000,
  }, /options\.timeout/],
  [
    "maxConcurrency 0",
    { baseUrl: "http://a.test", maxConcurrency: 0 },
    /maxConcurrency must be a whole number >= 1/,
  ],
  ["middleware that is not a function", {
    baseUrl: "http://a.test",
    middleware: [{ onRequest: "log" }],
  }, /options\.middleware must be/],
];

export function register(report: ReliabilityReport): void {
  report.test("input", "arguments refused before anything is sent", async () => {
    const server = startFaultServer(() => json(dag("etl")));
    try {
      const airflow = new Airflow({ baseUrl: server.url, auth: { token: TOKEN } });
      const findings: Finding[] = [];
      for (const [subject, call, expected] of REFUSED_CALLS) {
        const error = await call(airflow).then(() => undefined, (e) => e);
        assert.ok(error instanceof RequestValidationError, `${subject}: ${error}`);
        assert.match(error.message, expected, subject);
        assert.ok(!error.message.includes(TOKEN));
        findings.push({
          subject,
          behaviour: `RequestValidationError: ${
            error.message.replace(/^invalid arguments for /, "")
              .replace(/ \(expected one of: [^)]*\)/, " (expected one of: ...)")
          }`,
          figures: "0 requests",
        });
      }
      assert.equal(server.requests.length, 0, "nothing was sent");
      return findings;
    } finally {
      await server.close();
    }
  });

  report.test("input", "client options refused at construction", () => {
    const findings = REFUSED_OPTIONS.map(([subject, options, expected]): Finding => {
      const error = (() => {
        try {
          new Airflow(options);
        } catch (error) {
          return error;
        }
      })();
      assert.ok(error instanceof AirflowError, `${subject}: ${error}`);
      assert.match(error.message, expected, subject);
      assert.ok(!error.message.includes(TOKEN), `${subject} leaks: ${error.message}`);
      return { subject, behaviour: `AirflowError: ${error.message}`, figures: "no client" };
    });
    return Promise.resolve(findings);
  });

  report.test("input", "odd but legal input travels intact", async () => {
    const server = startFaultServer((request) => {
      const path = request.url.pathname;
      if (path.endsWith("/wait")) {
        return reply(200, '{"state":"success","results":{"__proto__":"42"}}\n', {
          "content-type": "application/x-ndjson",
        });
      }
      if (path.endsWith("/dagRuns/r")) return json(dagRun("etl", "r", "success"));
      return request.method === "POST"
        ? json(dagRun("etl", "r", "queued"))
        : json(dag(decodeURIComponent(path.split("/").at(-1)!)));
    });
    try {
      const airflow = new Airflow({ baseUrl: server.url, auth: { token: TOKEN } });
      const traversal = "../../auth/token?x=1#y";
      const waited = await airflow.dagRuns.wait("etl", "r", { results: ["__proto__"] });
      assert.ok(Object.hasOwn(waited.results, "__proto__"));
      assert.equal(waited.results["__proto__"], 42);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      server.requests.length = 0;
      assert.equal((await airflow.dags.get(traversal)).dag_id, traversal);
      assert.equal(
        server.requests[0].url.pathname,
        `/api/v2/dags/..%2F..%2Fauth%2Ftoken%3Fx%3D1%23y`,
      );
      const conf = JSON.parse(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
      );
      await airflow.dagRuns.trigger("etl", { logical_date: null, conf });
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.deepEqual(JSON.parse(server.requests[1].body).conf, conf);
      return [{
        subject: "a task named `__proto__` whose result dagRuns.wait collects",
        behaviour: "its result is an own property of results; Object.prototype untouched",
        figures: "2 requests",
      }, {
        subject: `a DAG id that looks like a path: ${traversal}`,
        behaviour: "sent as one encoded path segment; it cannot reach another endpoint",
        figures: `the server saw ${server.requests[0].url.pathname}`,
      }, {
        subject: "a run conf with `__proto__` and `constructor.prototype` keys",
        behaviour: "sent as data, unchanged; Object.prototype untouched",
        figures: "1 request",
      }];
    } finally {
      await server.close();
    }
  });
}
