/**
 * Every loop ends, and what is not an answer is refused: a log token that does not advance, a
 * list server that ignores `offset`, short-lived tokens and a server clock far from ours, a
 * sign-in page where a log was expected, and a retried DELETE whose first answer was lost.
 */
import assert from "node:assert/strict";
import { Airflow, type LogLine, NotFoundError, ResponseValidationError } from "../../mod.ts";
import { AirflowV1 } from "../../src/v1/mod.ts";
import { dag, jwt } from "../helpers/fake_fetch.ts";
import { json, type Plan, reply, stallBeforeHeaders } from "../helpers/fault_server.ts";
import type { Finding, ReliabilityReport } from "./report.ts";
import { withServer } from "./time_bounds.ts";

/** An Airflow 2 continuation token (itsdangerous' URL-safe form) that says the log goes on. */
function unfinishedToken(position = 7): string {
  const payload = btoa(JSON.stringify({ end_of_log: false, log_pos: position }))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `${payload}.c2lnbmF0dXJl`;
}

export function register(report: ReliabilityReport): void {
  report.test("bounds", "a log token that does not advance", async () => {
    const page = { continuation_token: unfinishedToken(), content: "the same line\n" };
    return await withServer(() => json(page), async (server) => {
      const airflow = new AirflowV1({ baseUrl: server.url });
      const lines: LogLine[] = [];
      for await (const line of airflow.taskInstances.logs("etl", "r", "extract", 1)) {
        lines.push(line);
      }
      // The second page is yielded as the server sent it; its unchanged token ends the read.
      assert.deepEqual(lines.map((line) => line.event), ["the same line", "the same line"]);
      assert.equal(server.requests.length, 2);
      return {
        subject: "Airflow 2 JSON log pages (no follow) that say the log goes on and hand back " +
          "the token they were read from",
        behaviour: "the read stops at the first page that hands its token back unchanged",
        figures: `${server.requests.length} requests`,
      };
    });
  });

  report.test("bounds", "log tokens that go round in a circle", async () => {
    const [a, b] = [unfinishedToken(1), unfinishedToken(2)];
    return await withServer((request) => {
      const from = request.url.searchParams.get("token");
      return json({ continuation_token: from === a ? b : a, content: "a line\n" });
    }, async (server) => {
      const airflow = new AirflowV1({ baseUrl: server.url });
      let lines = 0;
      for await (const _ of airflow.taskInstances.logs("etl", "r", "extract", 1)) lines++;
      assert.ok(server.requests.length <= 3, `${server.requests.length} requests`);
      return {
        subject: "Airflow 2 JSON log pages (no follow) whose tokens alternate A, B, A, …, " +
          "each saying the log goes on",
        behaviour: "the read stops at the first token it has already read from",
        figures: `${server.requests.length} requests, ${lines} lines`,
      };
    });
  });

  report.test("bounds", "a list server that ignores offset", async () => {
    const page = { dags: [dag("a"), dag("b")], total_entries: 1_000_000 };
    return await withServer(() => json(page), async (server) => {
      const airflow = new Airflow({ baseUrl: server.url });
      const seen: string[] = [];
      const error = await (async () => {
        for await (const item of airflow.dags.list({ pageSize: 2 })) seen.push(item.dag_id);
      })().catch((e) => e);
      assert.ok(error instanceof ResponseValidationError, String(error));
      assert.match(error.message, /previous page again: it ignores offset/);
      assert.deepEqual(seen, ["a", "b"]);
      assert.equal(server.requests.length, 2);
      let served = 0;
      const changing = await withServer(() => {
        const parsed = new Date(Date.UTC(2026, 10, 30, 0, 0, served++)).toISOString();
        const stamped = (id: string) => ({ ...dag(id), last_parsed_time: parsed });
        return json({ dags: [stamped("a"), stamped("b")], total_entries: 1_000_000 });
      }, async (again) => {
        const error = await new Airflow({ baseUrl: again.url }).dags.list({ pageSize: 2 })
          .toArray().catch((e) => e);
        assert.ok(error instanceof ResponseValidationError, String(error));
        return again.requests.length;
      });
      assert.equal(changing, 2);
      return {
        subject: "dags.list against a server that claims 1,000,000 DAGs and answers the " +
          "same page whatever the offset (also with a time that changes on every answer)",
        behaviour: `the first page's items, then ResponseValidationError (${
          error.message.replace(/^.*: /, "")
        })`,
        figures: `${server.requests.length} requests each time`,
      };
    });
  });

  report.test("bounds", "short-lived tokens and a server clock an hour off", async () => {
    const findings: Finding[] = [];
    const calls = 20;
    const cases: [string, number, number][] = [
      ["a token that lives 20 s", 0, 20],
      ["a token that lives 5 s", 0, 5],
      ["an hour-long token from a server whose clock is an hour ahead", 3600, 3600],
      ["an hour-long token from a server whose clock is an hour behind", -3600, 3600],
    ];
    for (const [subject, offset, life] of cases) {
      await withServer((request) => {
        if (request.url.pathname !== "/auth/token") return json(dag("etl"));
        const serverNow = Math.floor(Date.now() / 1000) + offset;
        return json({ access_token: jwt(serverNow + life) }, 201, {
          date: new Date(serverNow * 1000).toUTCString(),
        });
      }, async (server) => {
        const airflow = new Airflow({
          baseUrl: server.url,
          auth: { username: "admin", password: "loop-test-password" },
        });
        for (let call = 0; call < calls; call++) await airflow.dags.get("etl");
        const mints = server.requests.filter((r) => r.url.pathname === "/auth/token").length;
        assert.equal(mints, 1, subject);
        findings.push({
          subject,
          behaviour: "minted once and reused: renewal comes in the last fifth of the token's " +
            "life (at most 30 s before exp), with the expiry moved by the server's Date",
          figures: `${mints} mint for ${calls} calls`,
        });
      });
    }
    return findings;
  });

  report.test("bounds", "a sign-in page where a log was expected", async () => {
    const page = "<html><body><form action=/login>Sign in</form></body></html>";
    return await withServer(
      () => reply(200, page, { "content-type": "text/html; charset=utf-8" }),
      async (server) => {
        const airflow = new Airflow({ baseUrl: server.url });
        const lines: LogLine[] = [];
        const error = await (async () => {
          for await (const line of airflow.taskInstances.logs("etl", "r", "extract", 1)) {
            lines.push(line);
          }
        })().catch((e) => e);
        assert.ok(error instanceof ResponseValidationError, String(error));
        assert.match(error.message, /text\/html/);
        assert.deepEqual(lines, []);
        return {
          subject: "200 text/html (a proxy's sign-in page) answering taskInstances.logs",
          behaviour: `ResponseValidationError (${error.message.replace(/^.*: /, "")}); ` +
            "no line yielded",
          figures: `${server.requests.length} request`,
        };
      },
    );
  });

  report.test("bounds", "a retried DELETE whose first answer was lost", async () => {
    const findings: Finding[] = [];
    const cases: [string, () => Plan][] = [
      ["the first attempt times out", () => stallBeforeHeaders()],
      [
        "the first attempt gets a gateway's 504 page",
        () => reply(504, "<html>Gateway Time-out</html>", { "content-type": "text/html" }),
      ],
    ];
    for (const [what, first] of cases) {
      await withServer(
        (_, index) => index === 0 ? first() : json({ detail: "Pool not found" }, 404),
        async (server) => {
          const airflow = new Airflow({ baseUrl: server.url, timeout: 200, maxRetryDelay: 10 });
          const error = await airflow.pools.delete("reports").catch((e) => e);
          assert.ok(error instanceof NotFoundError, String(error));
          assert.match(error.message, /an earlier attempt got no answer, so it may have deleted/);
          assert.equal(server.requests.length, 2);
          findings.push({
            subject: `DELETE /pools/reports: ${what}, the retry gets 404`,
            behaviour: `NotFoundError that says so (${error.message.replace(/^.*?404: /, "")})`,
            figures: `${server.requests.length} requests; timeout 200 ms`,
          });
        },
      );
    }
    return findings;
  });
}
