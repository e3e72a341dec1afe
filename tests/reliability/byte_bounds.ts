/**
 * Every byte has a bound: an answer that inflates past `maxResponseBytes`, an Airflow 2 log
 * token that inflates to megabytes, and a long line sent one byte per chunk.
 */
import assert from "node:assert/strict";
import { Airflow, AirflowError, type LogLine, ResponseValidationError } from "../../mod.ts";
import { AirflowV1 } from "../../src/v1/mod.ts";
import { json, raw, reply } from "../helpers/fault_server.ts";
import type { Finding, ReliabilityReport } from "./report.ts";
import { withServer } from "./time_bounds.ts";

const MIB = 1024 * 1024;
const JSON_TYPE = { "content-type": "application/json" };
const LONG_LINE_RUN = new URL("./long_line_run.ts", import.meta.url);
/** What the line reader may hold for a 1 MiB line, with wide room for the runtime. */
const LONG_LINE_MAX_HELD = 16 * MIB;

async function deflate(bytes: Uint8Array, format: CompressionFormat): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function base64url(bytes: Uint8Array): string {
  return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function register(report: ReliabilityReport): void {
  report.test("bounds", "an answer that inflates past maxResponseBytes", async () => {
    const inflated = 256 * MIB;
    const body = new Uint8Array(inflated).fill(0x20);
    body[0] = 0x5b; // "[", so that the body could only be JSON if it were read whole
    const bomb = await deflate(body, "gzip");
    return await withServer(
      () => reply(200, bomb, { "content-type": "application/json", "content-encoding": "gzip" }),
      async (server) => {
        const airflow = new Airflow({ baseUrl: server.url, maxRetries: 2 });
        const error = await airflow.dags.get("etl", { maxResponseBytes: MIB }).catch((e) => e);
        assert.ok(error instanceof ResponseValidationError, String(error));
        assert.match(error.message, /larger than 1048576 bytes/);
        assert.equal(server.requests.length, 1, "not retried");
        return {
          subject: `200 gzip: ${(bomb.length / 1024).toFixed(0)} KiB on the wire inflating to ` +
            `${inflated / MIB} MiB, maxResponseBytes 1 MiB (default 64 MiB)`,
          behaviour: `ResponseValidationError (${error.message.replace(/^.*: /, "")}), ` +
            "not retried; the body is cancelled at the limit",
          figures: `${server.requests.length} request`,
        };
      },
    );
  });

  report.test("bounds", "a Content-Length that chunked framing contradicts", async () => {
    const chunk = `10000\r\n${"y".repeat(0x10000)}\r\n`;
    const head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n" +
      "transfer-encoding: chunked\r\nconnection: close\r\n\r\n";
    const body = `${head}${chunk.repeat(64)}0\r\n\r\n`;
    return await withServer(() => raw(body), async (server) => {
      const airflow = new Airflow({ baseUrl: server.url, maxRetries: 2 });
      const error = await airflow.dags.get("etl", { maxResponseBytes: 1024 }).catch((e) => e);
      assert.ok(error instanceof ResponseValidationError, String(error));
      assert.match(error.message, /larger than 1024 bytes/);
      assert.equal(server.requests.length, 1, "not retried");
      return {
        subject: "200 announcing Content-Length: 2, then 4 MiB in chunked framing, " +
          "maxResponseBytes 1 KiB",
        behaviour: "ResponseValidationError at the limit: a length is trusted only when no " +
          "other framing contradicts it",
        figures: `${server.requests.length} request`,
      };
    });
  });

  report.test("bounds", "answers nested 200,000 deep", async () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    const findings: Finding[] = [];
    for (const status of [400, 200]) {
      await withServer(
        () => reply(status, `{"detail": ${deep}, "dag_id": ${deep}}`, JSON_TYPE),
        async (server) => {
          const airflow = new Airflow({ baseUrl: server.url, auth: { token: "deep-0123" } });
          const error = await airflow.dags.get("etl").catch((e) => e);
          assert.ok(error instanceof AirflowError, `a typed error, not ${error}`);
          findings.push({
            subject: `${status} whose JSON body nests arrays 200,000 deep`,
            behaviour: `${error.name}, not a RangeError: scrubbing walks the body with its own ` +
              "stack, and a detail too deep to show is said to be so",
            figures: `${server.requests.length} request`,
          });
        },
      );
    }
    return findings;
  });

  report.test("bounds", "an Airflow 2 log token that inflates to megabytes", async () => {
    const metadata = JSON.stringify({ end_of_log: false, padding: " ".repeat(16 * MIB) });
    const compressed = await deflate(new TextEncoder().encode(metadata), "deflate");
    const token = `.${base64url(compressed)}.c2lnbmF0dXJl`;
    const page = { continuation_token: token, content: "a line\n" };
    return await withServer(() => json(page), async (server) => {
      const airflow = new AirflowV1({ baseUrl: server.url });
      const lines: LogLine[] = [];
      for await (const line of airflow.taskInstances.logs("etl", "r", "extract", 1)) {
        lines.push(line);
      }
      assert.deepEqual(lines.map((line) => line.event), ["a line"]);
      assert.ok(server.requests.length <= 2, `${server.requests.length} requests`);
      return {
        subject: `a JSON log page whose compressed continuation token (${
          (token.length / 1024).toFixed(0)
        } KiB) inflates to 16 MiB`,
        behaviour: "the token is inflated no further than 64 KiB and read as unknown; the " +
          "page's lines are yielded and the read ends",
        figures: `${server.requests.length} requests`,
      };
    });
  });

  report.test("bounds", "a 1 MiB line sent one byte per chunk", async () => {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--v8-flags=--expose-gc", LONG_LINE_RUN.pathname],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.ok(output.success, `long_line_run.ts exited with ${output.code}: ${stderr}`);
    const run = JSON.parse(new TextDecoder().decode(output.stdout));
    assert.equal(run.yielded, run.lineBytes);
    assert.ok(run.held < LONG_LINE_MAX_HELD, `${run.held} bytes held for a 1 MiB line`);
    return {
      subject: `a ${run.lineBytes / MIB} MiB line in ${run.chunks.toLocaleString("en")} ` +
        "chunks of one byte, read by the line reader of logs and /wait",
      behaviour: "one buffer that doubles as it fills; the line comes out whole",
      figures: `JS heap and external memory after GC with the line still open: ` +
        `+${(run.held / MIB).toFixed(1)} MiB (the test allows ${LONG_LINE_MAX_HELD / MIB})`,
    };
  });
}
