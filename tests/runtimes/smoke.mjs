/**
 * The smoke suite every runtime runs (Deno, Node, Bun, workerd, Chromium): plain JavaScript with
 * no imports, so each runtime hands it the client module it loaded its own way.
 *
 * It talks to a fake Airflow seeded with `exampleDags()` and returns one result per check, which
 * the Deno test that started the runtime asserts on.
 *
 * @module
 */

/**
 * @typedef {{ name: string, ok: boolean, detail: string }} CheckResult
 * @typedef {{ evalAllowed: boolean, checks: CheckResult[] }} SmokeReport
 * @typedef {{ method: string, path: string, accept: string, authorization: string, contentType: string }} Sent
 */

/** The checks, by name, in the order they run; the Deno side asserts all of them ran. */
export const CHECKS = [
  "auth mint",
  "pagination",
  "trigger and wait",
  "streamed log",
  "404 error",
  "422 error",
  "request validation",
  "response validation",
];

/** Whether this runtime lets code build functions from strings (Workers do not). */
function evalAllowed() {
  try {
    return new Function("return true")() === true;
  } catch {
    return false;
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, and it succeeded");
}

/**
 * Runs every check against the fake at `baseUrl` (user admin/admin).
 *
 * @param {Record<string, any>} kit The `@airflowkit/client` module.
 * @param {string} baseUrl Where the fake listens.
 * @returns {Promise<SmokeReport>}
 */
export async function runSmoke(kit, baseUrl) {
  /** @type {Sent[]} */
  const sent = [];
  /** @type {(request: Request) => Promise<Response>} */
  const recording = async (request) => {
    const response = await fetch(request);
    sent.push({
      method: request.method,
      path: new URL(request.url).pathname,
      accept: request.headers.get("accept") ?? "",
      authorization: (request.headers.get("authorization") ?? "").split(" ")[0],
      contentType: response.headers.get("content-type") ?? "",
    });
    return response;
  };
  const airflow = new kit.Airflow({
    baseUrl,
    auth: { username: "admin", password: "admin" },
    fetch: recording,
  });
  let runId = "";

  const checks = {
    "auth mint": async () => {
      const dag = await airflow.dags.get("etl_daily");
      expect(dag.dag_id === "etl_daily", `got dag ${dag.dag_id}`);
      const [mint, get] = sent;
      expect(mint?.method === "POST" && mint.path === "/auth/token", "first request mints");
      expect(get?.authorization === "Bearer", "then the call carries the bearer token");
      return `${sent.length} requests: POST /auth/token, then GET with Bearer`;
    },
    "pagination": async () => {
      const before = sent.length;
      const ids = [];
      for await (const dag of airflow.dags.list({ pageSize: 5 })) ids.push(dag.dag_id);
      const pages = sent.slice(before).filter((call) => call.path === "/api/v2/dags").length;
      expect(ids.length === 12, `12 DAGs, got ${ids.length}`);
      expect(new Set(ids).size === ids.length, "no DAG twice");
      expect(pages === 3, `3 pages of 5, got ${pages} requests`);
      return `${ids.length} DAGs over ${pages} pages`;
    },
    "trigger and wait": async () => {
      const run = await airflow.dagRuns.trigger("etl_daily");
      runId = run.dag_run_id;
      expect(run.state === "queued", `a new run is queued, got ${run.state}`);
      const { run: done, results } = await airflow.dagRuns.wait("etl_daily", runId, {
        results: ["load"],
        totalTimeout: 60_000,
      });
      expect(done.state === "success", `run ended ${done.state}`);
      expect(results.load !== undefined, "the load task's return value is read");
      return `${runId}: ${done.state}`;
    },
    "streamed log": async () => {
      const before = sent.length;
      const events = [];
      for await (const line of airflow.taskInstances.logs("etl_daily", runId, "extract", 1)) {
        events.push(line.event);
      }
      const call = sent.slice(before).find((entry) => entry.path.includes("/logs/"));
      expect(call?.accept.includes("application/x-ndjson"), "asks for NDJSON");
      expect(call?.contentType.includes("application/x-ndjson"), "gets NDJSON");
      expect(events.includes("Fetched 1200 orders"), `log lines: ${JSON.stringify(events)}`);
      return `${events.length} lines`;
    },
    "404 error": async () => {
      const error = await rejection(airflow.dags.get("no_such_dag"));
      expect(error instanceof kit.NotFoundError, `got ${error?.name}`);
      expect(error instanceof kit.APIError && error.status === 404, "an APIError with status 404");
      return `${error.name} ${error.status}`;
    },
    "422 error": async () => {
      const body = { logical_date: null, not_a_field: true };
      const error = await rejection(airflow.dagRuns.trigger("etl_daily", body));
      expect(error instanceof kit.UnprocessableEntityError, `got ${error?.name}`);
      expect(error.status === 422, `status ${error.status}`);
      return `${error.name} ${error.status}`;
    },
    "request validation": async () => {
      const before = sent.length;
      const error = await rejection(airflow.dagRuns.trigger("etl_daily", { logical_date: 12 }));
      expect(error instanceof kit.RequestValidationError, `got ${error?.name}`);
      expect(error.message.includes("logical_date"), `message names the field: ${error.message}`);
      expect(sent.length === before, "nothing was sent");
      return error.message;
    },
    "response validation": async () => {
      /** @type {(request: Request) => Promise<Response>} */
      const corrupting = async (request) => {
        const response = await fetch(request);
        if (!new URL(request.url).pathname.endsWith("/version")) return response;
        return Response.json({ ...(await response.json()), version: 3 });
      };
      const strict = new kit.Airflow({ baseUrl, fetch: corrupting });
      const error = await rejection(strict.version.get());
      expect(error instanceof kit.ResponseValidationError, `got ${error?.name}`);
      expect(error.message.includes("version"), `message names the field: ${error.message}`);
      return error.message;
    },
  };

  /** @type {CheckResult[]} */
  const results = [];
  for (const name of CHECKS) {
    try {
      results.push({ name, ok: true, detail: String(await checks[name]()) });
    } catch (error) {
      results.push({ name, ok: false, detail: String(error?.stack ?? error) });
    }
  }
  return { evalAllowed: evalAllowed(), checks: results };
}
