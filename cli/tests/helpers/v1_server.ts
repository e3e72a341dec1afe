/**
 * An Airflow 2 (`/api/v1`) for the CLI's tests, until the embedded fake speaks v1 itself: it
 * answers `/api/v1/...` from the v2 fake behind it, with Airflow 2's habits where the CLI would
 * notice: HTTP Basic on every request, no `/api/v2`, version 2.10.0, logs as plain text.
 */
import { exampleDags, FakeAirflow, type FakeRun, PacedClock } from "../../../src/testing/mod.ts";
import { PASSWORD } from "./fake_server.ts";

/** A served v1 stand-in. */
export interface V1Server {
  url: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

const BASIC = `Basic ${btoa(`ops:${PASSWORD}`)}`;

function problem(status: number, detail: string): Response {
  return Response.json({ type: "about:blank", title: detail, status, detail }, {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

/** A token as Airflow 2 signs them: base64url JSON with `end_of_log` and `log_pos`, a signature. */
function writeToken(position: number): string {
  const payload = btoa(JSON.stringify({ end_of_log: false, log_pos: position }));
  return `${payload.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")}.signature`;
}

function readToken(token: string | null): number {
  if (!token) return 0;
  const payload = token.split(".")[0].replaceAll("-", "+").replaceAll("_", "/");
  return JSON.parse(atob(payload + "=".repeat((4 - payload.length % 4) % 4))).log_pos;
}

/** The answer without its `null` fields, which the 2.10 spec mostly does not allow. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== null).map((
      [key, field],
    ) => [key, withoutNulls(field)]),
  );
}

/** Serves the stand-in until `close()`. */
export async function serveV1(
  options: { pace?: number; runs?: FakeRun[] } = {},
): Promise<V1Server> {
  const fake = new FakeAirflow({
    dags: exampleDags(),
    clock: new PacedClock({ pace: options.pace ?? 50 }),
    runs: options.runs,
  });
  const admin = fake.clientOptions().auth;
  const minted = await fake.fetch("/auth/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(admin),
  });
  const { access_token: token } = await minted.json();

  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith("/api/v1/")) return problem(404, "Not Found");
    if (url.pathname === "/api/v1/version") {
      return Response.json({ version: "2.10.0", git_version: null });
    }
    if (request.headers.get("authorization") !== BASIC) return problem(401, "Unauthorized");
    let body = request.method === "GET" || request.method === "DELETE"
      ? undefined
      : await request.text();
    if (request.method === "POST" && /\/dagRuns$/.test(url.pathname) && body) {
      body = JSON.stringify({ logical_date: null, ...JSON.parse(body) });
    }
    const isLog = /\/logs\/\d+$/.test(url.pathname);
    const query = new URLSearchParams(url.search);
    query.delete("token");
    const answer = await fake.fetch(`/api/v2/${url.pathname.slice(8)}?${query}`, {
      method: request.method,
      body,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: isLog ? "application/json" : request.headers.get("accept") ?? "application/json",
      },
    });
    if (answer.status >= 400) {
      return problem(answer.status, JSON.stringify((await answer.json()).detail));
    }
    if (!isLog) {
      const text = await answer.text();
      return text
        ? Response.json(withoutNulls(JSON.parse(text)), { status: answer.status })
        : answer;
    }
    const page = await answer.json() as { content: { event: string }[] };
    const from = readToken(url.searchParams.get("token"));
    const lines = page.content.map((line) => line.event).slice(from);
    return Response.json({
      content: lines.map((line) => line + "\n").join(""),
      continuation_token: writeToken(from + lines.length),
    });
  };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
  const url = `http://127.0.0.1:${server.addr.port}`;
  return {
    url,
    env: { AIRFLOW_URL: url, AIRFLOW_USERNAME: "ops", AIRFLOW_PASSWORD: PASSWORD },
    close: () => server.shutdown(),
  };
}
