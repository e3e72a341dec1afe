/**
 * Concurrency: many calls at once share one token mint, and `maxConcurrency` caps what the
 * server sees in flight.
 */
import assert from "node:assert/strict";
import { Airflow, APIUserAbortError } from "../../mod.ts";
import { FakeAirflow, ManualClock } from "../../src/testing/mod.ts";
import { dag } from "../helpers/fake_fetch.ts";
import { type FaultServer, json, startFaultServer } from "../helpers/fault_server.ts";
import type { ReliabilityReport } from "./report.ts";

/** A loopback server that answers every request with a DAG after `delayMs`. */
function slowServer(delayMs: number): FaultServer {
  return startFaultServer(async () => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return json(dag("etl"));
  });
}

const CALLS = 2_000;

/** The fake's fetch, counting token requests. */
function countingMints(fake: FakeAirflow) {
  const counts = { mints: 0, requests: 0 };
  const fetch = (request: Request) => {
    counts.requests++;
    if (new URL(request.url).pathname === "/auth/token") counts.mints++;
    return fake.fetch(request);
  };
  return { fetch, counts };
}

/** Runs `CALLS` calls at once and returns how many failed. */
async function burst(airflow: Airflow): Promise<number> {
  const outcomes = await Promise.allSettled(
    Array.from({ length: CALLS }, () => airflow.dags.get("etl")),
  );
  return outcomes.filter((outcome) => outcome.status === "rejected").length;
}

export function register(report: ReliabilityReport): void {
  report.test("concurrency", "2,000 calls at once after the server expired the token", async () => {
    const clock = new ManualClock();
    const fake = new FakeAirflow({ clock, dags: [{ dag_id: "etl", tasks: [] }] });
    const { fetch, counts } = countingMints(fake);
    const airflow = new Airflow({ ...fake.clientOptions(), fetch });
    await airflow.dags.get("etl");
    assert.equal(counts.mints, 1);
    await clock.advance(2 * 86_400_000);
    counts.mints = 0;
    counts.requests = 0;
    const failed = await burst(airflow);
    assert.equal(failed, 0);
    assert.equal(counts.mints, 1, "one token request for all of them");
    return {
      subject: `${CALLS.toLocaleString("en")} concurrent calls; the server refuses the token ` +
        "(401) it had accepted, because it expired on the server's clock",
      behaviour: "every call succeeds; the first 401 drops the token, one mint is shared by all",
      figures: `${counts.mints} POST /auth/token, ${counts.requests.toLocaleString("en")} ` +
        "requests in all",
    };
  });

  report.test(
    "concurrency",
    "2,000 calls at once with a token the client sees expiring",
    async () => {
      // A 3 s token is renewed in its last fifth: 2.5 s after the mint the burst must mint,
      // and only once.
      const fake = new FakeAirflow({
        tokenLifetimeSeconds: 3,
        dags: [{ dag_id: "etl", tasks: [] }],
      });
      const { fetch, counts } = countingMints(fake);
      const airflow = new Airflow({ ...fake.clientOptions(), fetch });
      await airflow.dags.get("etl");
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      counts.mints = 0;
      counts.requests = 0;
      const failed = await burst(airflow);
      assert.equal(failed, 0);
      assert.equal(counts.mints, 1, "one token request for all of them");
      assert.equal(counts.requests, CALLS + 1);
      return {
        subject: `${CALLS.toLocaleString("en")} concurrent calls; the cached token is past its ` +
          "renewal time by the client's clock",
        behaviour: "one mint before any call is sent; no call gets a 401",
        figures: `${counts.mints} POST /auth/token, ${counts.requests.toLocaleString("en")} ` +
          "requests in all",
      };
    },
  );

  report.test(
    "concurrency",
    "maxConcurrency caps the requests the server has in flight",
    async () => {
      const figures: string[] = [];
      const peak = async (options: { maxConcurrency?: number }) => {
        const server = slowServer(15);
        try {
          const airflow = new Airflow({ baseUrl: server.url, ...options });
          const results = await Promise.all(
            Array.from({ length: 100 }, () => airflow.dags.get("etl")),
          );
          assert.equal(results.length, 100);
          return server.maxInFlight;
        } finally {
          await server.close();
        }
      };
      for (const cap of [1, 4, 16]) {
        const seen = await peak({ maxConcurrency: cap });
        assert.equal(seen, cap, `cap ${cap}`);
        figures.push(`cap ${cap}: at most ${seen} in flight`);
      }
      const uncapped = await peak({});
      assert.ok(uncapped > 16, `uncapped reached ${uncapped}`);
      figures.push(`no cap: ${uncapped}`);
      return {
        subject: "100 concurrent calls to a loopback server that takes 15 ms per answer",
        behaviour: "the server never sees more requests at once than maxConcurrency allows; " +
          "the rest wait in order",
        figures: figures.join("; "),
      };
    },
  );

  report.test("concurrency", "a call waiting for a slot can be aborted", async () => {
    const server = slowServer(200);
    try {
      const airflow = new Airflow({ baseUrl: server.url, maxConcurrency: 1 });
      const first = airflow.dags.get("etl");
      const controller = new AbortController();
      const queued = airflow.dags.get("etl", { signal: controller.signal });
      controller.abort();
      await assert.rejects(queued, APIUserAbortError);
      await first;
      await airflow.dags.get("etl");
      assert.equal(server.requests.length, 2, "the aborted call sent nothing and freed its place");
      return {
        subject: "maxConcurrency 1; a second call, queued behind a slow one, is aborted",
        behaviour: "APIUserAbortError at once; it sends nothing and the next call still runs",
        figures: `${server.requests.length} requests reached the server`,
      };
    } finally {
      await server.close();
    }
  });
}
