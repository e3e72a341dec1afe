/**
 * The fake Airflow defends itself when it listens on a port: `*_pattern` filters match in
 * linear time, and requests addressed to a name other than a loopback one are refused, so a
 * web page on a hostile site cannot reach it through DNS rebinding.
 */
import assert from "node:assert/strict";
import { Airflow } from "../../mod.ts";
import { FakeAirflow } from "../../src/testing/mod.ts";
import type { Finding, ReliabilityReport } from "./report.ts";

/** A DAG id and a pattern on which a backtracking regular expression never finishes. */
const LONG_ID = "a".repeat(64);
const HOSTILE_PATTERN = "%a".repeat(12) + "b";

export function register(report: ReliabilityReport): void {
  report.test("fake", "a *_pattern built to backtrack", async () => {
    const fake = new FakeAirflow({ dags: [{ dag_id: LONG_ID, tasks: [] }] });
    const server = await fake.listen({ port: 0 });
    try {
      const airflow = new Airflow({
        ...fake.clientOptions(),
        baseUrl: server.url,
        fetch: undefined,
      });
      const started = performance.now();
      const found = await airflow.dags.list({ dag_id_pattern: HOSTILE_PATTERN }).toArray();
      const ms = Math.round(performance.now() - started);
      assert.deepEqual(found, []);
      const near = await airflow.dags.list({ dag_id_pattern: "%a".repeat(12) }).toArray();
      assert.deepEqual(near.map((dag) => dag.dag_id), [LONG_ID]);
      return {
        subject: `GET /dags?dag_id_pattern=${HOSTILE_PATTERN} over a DAG id of 64 "a"s ` +
          "(a regular expression would try about 10^12 ways)",
        behaviour: "answered: no match; the pattern is matched by a wildcard walk, not a " +
          "regular expression",
        figures: `answered in ${ms} ms`,
      };
    } finally {
      await server.close();
    }
  });

  report.test("fake", "requests addressed to another host name", async () => {
    const fake = new FakeAirflow();
    const server = await fake.listen({ port: 0, allowedHosts: ["fake.internal"] });
    try {
      const findings: Finding[] = [];
      const statusFor = async (host: string) => {
        // fetch sets Host from the URL; a raw request names any host, as a rebinding page does.
        const connection = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
        try {
          const request = `GET /api/v2/version HTTP/1.1\r\nHost: ${host}\r\n` +
            "Connection: close\r\n\r\n";
          await connection.write(new TextEncoder().encode(request));
          const chunks: Uint8Array[] = [];
          for await (const chunk of connection.readable) chunks.push(chunk);
          const head = new TextDecoder().decode(chunks[0] ?? new Uint8Array());
          return Number(head.split(" ")[1]);
        } catch (error) {
          connection.close();
          throw error;
        }
      };
      const refused = ["evil.example", "evil.example:8080", "127.0.0.1.nip.io"];
      const allowed = [
        `127.0.0.1:${server.port}`,
        `localhost:${server.port}`,
        "[::1]",
        "app.localhost",
        "fake.internal",
      ];
      for (const host of refused) assert.equal(await statusFor(host), 421, host);
      for (const host of allowed) assert.equal(await statusFor(host), 200, host);
      findings.push({
        subject: `requests naming Host ${refused.join(", ")} (DNS rebinding)`,
        behaviour: "421, before the request reaches the fake",
        figures: `${refused.length} refused`,
      }, {
        subject: `requests naming Host ${
          allowed.join(", ").replaceAll(String(server.port), "<port>")
        } (the last from allowedHosts)`,
        behaviour: "answered",
        figures: `${allowed.length} answered`,
      });
      return findings;
    } finally {
      await server.close();
    }
  });
}
