/**
 * The fake Airflow the MCP tests run against, on loopback: the example set, a clock ten times
 * faster than real time, a run that failed an hour ago and one that succeeded two hours ago,
 * variables (one holding the Airflow password, one named like a credential) and a pool. Its
 * one user has a password that must never appear in what the MCP server says.
 */
import {
  exampleSeed,
  FakeAirflow,
  type FakeVersion,
  type Listener,
  PacedClock,
} from "@airflowkit/client/testing";

/** The Airflow user the MCP server signs in as. */
export const USERNAME = "mcp-service";
/** Its password. */
export const PASSWORD = "Pw-for-mcp-tests-5ecret-7f3a1c";
/** The bearer token MCP clients must send. */
export const TOKEN = "mcp-test-token-0123456789abcdef0123456789abcdef";

/** A fake Airflow listening on loopback. */
export interface RunningAirflow extends Listener {
  /** The id of the run of `flaky_checks` that failed an hour ago. */
  failedRunId: string;
}

/** Starts the fake; `version` 2.10.0 makes it an Airflow 2. */
export async function startAirflow(version: FakeVersion = "3.2.1"): Promise<RunningAirflow> {
  const now = Date.now();
  const failedRunId = "scheduled__failed_an_hour_ago";
  const fake = new FakeAirflow({
    ...exampleSeed(now),
    version,
    clock: new PacedClock({ pace: 10 }),
    users: [{ username: USERNAME, password: PASSWORD, role: "admin" }],
    runs: [
      { dag_id: "flaky_checks", dag_run_id: failedRunId, triggeredAt: new Date(now - 3_600_000) },
      { dag_id: "etl_daily", triggeredAt: new Date(now - 7_200_000) },
    ],
    variables: [
      { key: "region", value: "eu-west-1", description: "Where the warehouse is" },
      { key: "warehouse_dsn", value: `postgres://etl:${PASSWORD}@db.internal/warehouse` },
      { key: "slack_api_token", value: "xoxb-not-for-models" },
    ],
    pools: [{ name: "warehouse", slots: 4, description: "Connections to the warehouse" }],
  });
  const listener = await fake.listen();
  return { ...listener, failedRunId };
}

/** The environment of an MCP server for `airflow`. */
export function serverEnv(
  airflowUrl: string,
  { writes, maxOutputBytes = 16_000 }: { writes: boolean; maxOutputBytes?: number },
): Record<string, string> {
  return {
    AIRFLOW_URL: airflowUrl,
    AIRFLOW_USERNAME: USERNAME,
    AIRFLOW_PASSWORD: PASSWORD,
    MCP_BEARER_TOKEN: TOKEN,
    MCP_ALLOW_WRITES: String(writes),
    MCP_POLL_INTERVAL_SECONDS: "0.1",
    MCP_MAX_WAIT_SECONDS: "60",
    MCP_MAX_OUTPUT_BYTES: String(maxOutputBytes),
  };
}

/** A loopback proxy in front of Airflow that counts the requests it passes on. */
export interface CountingProxy {
  url: string;
  /** Requests passed on so far. */
  count(): number;
  /** Each request passed on, as `METHOD /path`. */
  seen: string[];
  close(): Promise<void>;
}

/** Starts a proxy to `target` that counts what goes through it. */
export function countingProxy(target: string): CountingProxy {
  const seen: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const url = new URL(request.url);
      seen.push(`${request.method} ${url.pathname}`);
      const headers = new Headers(request.headers);
      headers.delete("host");
      const body = request.method === "GET" ? undefined : await request.arrayBuffer();
      return await fetch(`${target}${url.pathname}${url.search}`, {
        method: request.method,
        headers,
        body,
      });
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    count: () => seen.length,
    seen,
    close: () => server.shutdown(),
  };
}
