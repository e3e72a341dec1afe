/**
 * Redirects: followed within the origin with everything intact; to another origin refused by
 * default, and when the client opts in followed without credentials and only when there is no
 * body; refused with a typed error otherwise.
 */
import assert from "node:assert/strict";
import { Airflow, APIError } from "../../mod.ts";
import { dag, jwt } from "../helpers/fake_fetch.ts";
import {
  type FaultServer,
  json,
  type Plan,
  redirect,
  reply,
  type SeenRequest,
  startFaultServer,
} from "../helpers/fault_server.ts";
import type { Finding, ReliabilityReport } from "./report.ts";

const TOKEN = "redirect-test-token-8d1f";
const PASSWORD = "redirect-test-password-41c9";

/** Runs `body` with two loopback servers, two origins; closes both. */
async function withOrigins<T>(
  home: (request: SeenRequest, otherOrigin: string) => Plan,
  elsewhere: (request: SeenRequest) => Plan,
  body: (home: FaultServer, other: FaultServer) => Promise<T>,
): Promise<T> {
  const other = startFaultServer(elsewhere);
  const main = startFaultServer((request) => home(request, other.url));
  try {
    return await body(main, other);
  } finally {
    await Promise.all([main.close(), other.close()]);
  }
}

const credentialHeaders = (headers: Headers) =>
  ["authorization", "cookie", "proxy-authorization"].filter((name) => headers.has(name));

export function register(report: ReliabilityReport): void {
  report.test("faults", "307 and 308 to the same origin", async () => {
    const findings: Finding[] = [];
    for (const status of [307, 308]) {
      const server = startFaultServer((request) =>
        request.url.pathname === "/api/v2/dags/old"
          ? redirect(status, "/api/v2/dags/etl")
          : json(dag("etl"))
      );
      try {
        const airflow = new Airflow({ baseUrl: server.url, auth: { token: TOKEN } });
        assert.equal((await airflow.dags.get("old")).dag_id, "etl");
        assert.deepEqual(server.requests.map((r) => r.url.pathname), [
          "/api/v2/dags/old",
          "/api/v2/dags/etl",
        ]);
        for (const request of server.requests) {
          assert.equal(request.headers.get("authorization"), `Bearer ${TOKEN}`);
        }
        findings.push({
          subject: `${status} to another path on the same origin`,
          behaviour: "followed, Authorization kept; the call succeeds",
          figures: `${server.requests.length} requests`,
        });
      } finally {
        await server.close();
      }
    }
    return findings;
  });

  report.test("faults", "308 for a POST with a body, same origin", async () => {
    const server = startFaultServer((request) =>
      request.url.pathname === "/api/v2/pools"
        ? redirect(308, "/api/v2/pools/")
        : json({ name: "p", slots: 3, description: null, include_deferred: false }, 201)
    );
    try {
      const airflow = new Airflow({ baseUrl: server.url, auth: { token: TOKEN } });
      await airflow.pools.create({ name: "p", slots: 3 }).catch(() => {});
      assert.equal(server.requests.length, 2);
      const [first, second] = server.requests;
      assert.equal(second.method, "POST");
      assert.equal(second.body, first.body);
      assert.equal(second.headers.get("authorization"), `Bearer ${TOKEN}`);
      return {
        subject: "308 answering POST /pools, to the same origin",
        behaviour: "followed with the same method, body and Authorization",
        figures: "2 requests",
      };
    } finally {
      await server.close();
    }
  });

  report.test("faults", "307 and 308 to another origin, for a GET", async () => {
    const findings: Finding[] = [];
    for (const crossOriginRedirects of [false, true]) {
      for (const status of [307, 308]) {
        await withOrigins(
          (request, otherOrigin) =>
            request.url.pathname === "/api/v2/dags/etl"
              ? redirect(status, `${otherOrigin}/api/v2/dags/etl`)
              : reply(404),
          () => json(dag("etl")),
          async (home, elsewhere) => {
            const airflow = new Airflow({
              baseUrl: home.url,
              auth: { token: TOKEN },
              headers: { cookie: "session=abc", "x-api-key": "key-5e7b" },
              maxRetries: 2,
              crossOriginRedirects,
            });
            const outcome = await airflow.dags.get("etl").catch((error) => error);
            assert.equal(home.requests[0].headers.get("authorization"), `Bearer ${TOKEN}`);
            assert.equal(home.requests.length, 1, "a refusal is not retried");
            if (!crossOriginRedirects) {
              assert.ok(outcome instanceof APIError, String(outcome));
              assert.match(outcome.message, /goes to another origin .*crossOriginRedirects/);
              assert.equal(elsewhere.requests.length, 0);
              findings.push({
                subject: `${status} to another origin, answering GET /dags/etl (the default)`,
                behaviour: "not followed: APIError naming the origin and crossOriginRedirects",
                figures: "1 request at home, 0 elsewhere",
              });
              return;
            }
            assert.equal(outcome.dag_id, "etl");
            assert.equal(elsewhere.requests.length, 1);
            const sent = elsewhere.requests[0].headers;
            assert.deepEqual(credentialHeaders(sent), []);
            assert.equal(sent.get("x-api-key"), null);
            findings.push({
              subject: `${status} to another origin, answering GET /dags/etl, ` +
                "with crossOriginRedirects: true",
              behaviour: "followed without Authorization, Cookie or the X-API-Key set in " +
                "options.headers; the other origin got none of them",
              figures: "1 request at home, 1 elsewhere",
            });
          },
        );
      }
    }
    return findings;
  });

  report.test("faults", "a redirect to another origin is not followed with a body", async () => {
    const minted = jwt(Math.floor(Date.now() / 1000) + 3600);
    return await withOrigins(
      (request, otherOrigin) =>
        request.url.pathname === "/auth/token"
          ? redirect(307, `${otherOrigin}/auth/token`)
          : json(dag("etl")),
      () => json({ access_token: minted }, 201),
      async (home, elsewhere) => {
        const airflow = new Airflow({
          baseUrl: home.url,
          auth: { username: "admin", password: PASSWORD },
          maxRetries: 0,
          crossOriginRedirects: true,
        });
        const error = await airflow.dags.get("etl").catch((e) => e);
        assert.ok(error instanceof APIError, String(error));
        assert.equal(error.status, 307);
        assert.match(error.message, /redirect not followed: the request body is not sent on/);
        assert.equal(elsewhere.requests.length, 0, "the password never left");
        assert.ok(!error.message.includes(PASSWORD));
        return {
          subject: "307 answering POST /auth/token (username and password in the body), " +
            "to another origin, with crossOriginRedirects: true",
          behaviour: "not followed: APIError 307 naming the reason; the other origin got nothing",
          figures:
            `${home.requests.length} request at home, ${elsewhere.requests.length} elsewhere`,
        };
      },
    );
  });

  report.test("faults", "redirects that are refused", async () => {
    const cases: {
      subject: string;
      answer: (path: string) => Plan;
      call: (a: Airflow) => Promise<unknown>;
      reason: RegExp;
      requests: number;
    }[] = [
      {
        subject: "a redirect loop (307 to itself)",
        answer: (path) => redirect(307, path),
        call: (airflow) => airflow.dags.get("etl"),
        reason: /more than 5 redirects/,
        requests: 6,
      },
      {
        subject: "303 answering a POST",
        answer: () => redirect(303, "/api/v2/pools/p"),
        call: (airflow) => airflow.pools.create({ name: "p", slots: 1 }),
        reason: /would turn POST into GET/,
        requests: 1,
      },
      {
        subject: "307 without a Location",
        answer: () => reply(307),
        call: (airflow) => airflow.dags.get("etl"),
        reason: /has no Location/,
        requests: 1,
      },
      {
        subject: "307 to a file: URL",
        answer: () => redirect(307, "file:///etc/passwd"),
        call: (airflow) => airflow.dags.get("etl"),
        reason: /goes to a file: URL/,
        requests: 1,
      },
    ];
    const findings: Finding[] = [];
    for (const { subject, answer, call, reason, requests } of cases) {
      const server = startFaultServer((request) => answer(request.url.pathname));
      try {
        const airflow = new Airflow({ baseUrl: server.url, auth: { token: TOKEN } });
        const error = await call(airflow).catch((e) => e);
        assert.ok(error instanceof APIError, `${subject}: ${error}`);
        assert.match(error.message, reason);
        assert.equal(server.requests.length, requests, subject);
        findings.push({
          subject,
          behaviour: `APIError ${error.status}: ${
            error.message.replace(/^.*redirect not followed: /, "")
          }`,
          figures: `${server.requests.length} request${requests > 1 ? "s" : ""}, not retried`,
        });
      } finally {
        await server.close();
      }
    }
    return findings;
  });
}
