/**
 * A scripted `fetch` for unit tests: it records every request and answers from a handler.
 *
 * @module
 */

/** A request as the fake saw it, with its body read. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body?: unknown;
}

/** Answers one request; may throw to simulate a connection failure. */
export type Handler = (request: SeenRequest, index: number) => Response | Promise<Response>;

/** A fake `fetch` and the requests it received. */
export interface FakeFetch {
  fetch: (request: Request) => Promise<Response>;
  requests: SeenRequest[];
}

/** Creates a fake `fetch` that refuses to be called bound, as Workers' and browsers' do. */
export function fakeFetch(handler: Handler): FakeFetch {
  const requests: SeenRequest[] = [];
  const fetch = async function (this: unknown, request: Request): Promise<Response> {
    if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
    const text = await request.text();
    const seen: SeenRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(seen);
    return await handler(seen, requests.length - 1);
  };
  return { fetch, requests };
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...Object.fromEntries(new Headers(headers)) },
  });
}

/** A JWT with the given `exp` (seconds since the epoch); the signature is not checked. */
export function jwt(exp: number, subject = "admin"): string {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${encode({ alg: "HS512", typ: "JWT" })}.${encode({ sub: subject, exp })}.c2lnbmF0dXJl`;
}

/** A DAG as `GET /api/v2/dags/{dag_id}` answers it. */
export function dag(dagId: string): Record<string, unknown> {
  return {
    dag_id: dagId,
    dag_display_name: dagId,
    is_paused: false,
    is_stale: false,
    fileloc: `/dags/${dagId}.py`,
    file_token: "token",
    owners: ["airflow"],
    tags: [],
    max_active_tasks: 16,
    max_consecutive_failed_dag_runs: 0,
    has_task_concurrency_limits: false,
    has_import_errors: false,
    bundle_name: "dags-folder",
    relative_fileloc: `${dagId}.py`,
    timetable_summary: null,
  };
}

/** A dag run as `GET /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}` answers it. */
export function dagRun(dagId: string, dagRunId: string, state: string): Record<string, unknown> {
  return {
    dag_run_id: dagRunId,
    dag_id: dagId,
    dag_display_name: dagId,
    run_after: "2026-11-20T10:00:00Z",
    run_type: "manual",
    state,
    dag_versions: [],
    logical_date: null,
  };
}
