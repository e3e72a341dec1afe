/**
 * The fake Airflow server: routes a request to its handler after the checks Airflow makes
 * (route, version, credentials, role, path, query and body), and turns thrown errors into
 * answers; as an Airflow 2, hands `/api/v1` to its translation onto the same handlers.
 *
 * @module
 */
import { routes } from "../v2/generated/operations.ts";
import { serverBodies } from "./generated/server_bodies.ts";
import { authorize, DEFAULT_USERS, TokenService } from "./auth.ts";
import { type FakeClock, ManualClock } from "./clock.ts";
import type { Context, FakeVersion, Settings } from "./context.ts";
import { HANDLERS } from "./handlers.ts";
import { LOGIN_HTML, LOGIN_PAGE } from "./handlers/server.ts";
import { settleOutlets } from "./assets.ts";
import { settleBackfills } from "./backfills.ts";
import { logAction } from "./handlers/event_logs.ts";
import { errorResponse, HttpError } from "./http.ts";
import { type Listener, type ListenOptions, serve } from "./listen.ts";
import { readBody, readPath, readQuery } from "./request.ts";
import { createRouter, type Resolution } from "./router.ts";
import type {
  FakeAsset,
  FakeBackfill,
  FakeConnection,
  FakeDag,
  FakeImportError,
  FakePlugin,
  FakePool,
  FakeProvider,
  FakeRun,
  FakeUser,
  FakeVariable,
} from "./seed.ts";
import { seedStore } from "./seeding.ts";
import { Store } from "./store.ts";
import { isMissingOn, shapeResponse } from "./versioned.ts";
import { serveV1 } from "./v1/serve.ts";

export type { FakeVersion } from "./context.ts";

/** Options of {@link FakeAirflow}; every one has a default. */
export interface FakeAirflowOptions {
  /** Who may mint tokens. Default: `admin` / `admin` with the admin role. */
  users?: FakeUser[];
  /** Where time comes from. Default: a {@link ManualClock} at the current second. */
  clock?: FakeClock;
  /** Largest page a list returns, as Airflow's `maximum_page_limit`. Default 100. */
  maximumPageLimit?: number;
  /**
   * The Airflow version to report and behave as. Default `3.2.1`. With `2.10.0` the fake is an
   * Airflow 2: it serves `/api/v1` (DAGs, runs, task instances, logs, XComs, variables, pools
   * and connections) with HTTP Basic credentials, and nothing under `/api/v2`.
   */
  version?: FakeVersion;
  /** Lifetime of minted tokens. Default 86 400 seconds. */
  tokenLifetimeSeconds?: number;
  /** How long a new run stays queued before it runs. Default 1 second. */
  queuedSeconds?: number;
  /** DAGs to start with. */
  dags?: FakeDag[];
  /** Dag runs to start with; they follow their DAG's tasks from their trigger time. */
  runs?: FakeRun[];
  /** Pools to start with, besides `default_pool`. */
  pools?: FakePool[];
  /** Variables to start with. */
  variables?: FakeVariable[];
  /** Connections to start with. */
  connections?: FakeConnection[];
  /** Assets to start with, besides those the DAGs name. */
  assets?: FakeAsset[];
  /** DAG files that failed to import. */
  importErrors?: FakeImportError[];
  /** Backfills to start with; their runs are created as the fake starts. */
  backfills?: FakeBackfill[];
  /** Plugins to report. Default none. */
  plugins?: FakePlugin[];
  /** Plugins that failed to load (Airflow 3.1+). Default none. */
  pluginImportErrors?: { source: string; error: string }[];
  /** Provider packages to report. Default: a few common ones. */
  providers?: FakeProvider[];
  /**
   * Configuration options by section, over the fake's defaults. As in Airflow,
   * `{ api: { expose_config: "True" } }` lets `GET /config` answer, and
   * `{ core: { test_connection: "Enabled" } }` lets connections be tested.
   */
  config?: Record<string, Record<string, string>>;
  /**
   * Where task logs can be viewed outside Airflow (3.1+), as a URL with `{log_id}`. Default:
   * none, as with Airflow's own log handler.
   */
  externalLogUrl?: string;
}

/** What `new Airflow(...)` needs to talk to a fake. */
export interface FakeClientOptions {
  /** The fake's base URL. */
  baseUrl: string;
  /** The fake's request handler. */
  fetch: (input: Request) => Promise<Response>;
  /** The first admin user's credentials. */
  auth: { username: string; password: string };
}

const resolve = createRouter(routes);

/**
 * An in-memory, stateful Airflow REST API for tests and demos: every `/api/v2` operation of
 * Airflow 3.0, 3.1 and 3.2 as the version given plays it, or `/api/v1` as Airflow 2.10. Runs go
 * through their states as the clock moves, tasks write logs and push XComs, and answers have
 * Airflow's shapes and status codes. It is a plain `fetch` handler, so it needs no network.
 *
 * @example Driving it with the client
 * ```ts
 * import { Airflow } from "@airflowkit/client";
 * import { exampleDags, FakeAirflow, ManualClock } from "@airflowkit/client/testing";
 *
 * const clock = new ManualClock();
 * const fake = new FakeAirflow({ clock, dags: exampleDags() });
 * const airflow = new Airflow(fake.clientOptions());
 * const run = await airflow.dagRuns.trigger("etl_daily");
 * await clock.advance(60_000);
 * console.log((await airflow.dagRuns.get("etl_daily", run.dag_run_id)).state); // "success"
 * ```
 */
export class FakeAirflow {
  /** The origin the fake answers as; any origin works, only the path matters. */
  readonly baseUrl: string = "http://airflow.fake";
  /** Where the fake reads the time. */
  readonly clock: FakeClock;
  readonly #store: Store;
  readonly #tokens: TokenService;
  readonly #users: readonly FakeUser[];
  readonly #settings: Settings;

  /**
   * Creates a fake with its seed.
   *
   * @param options Users, clock, limits, version and seed data.
   */
  constructor(options: FakeAirflowOptions = {}) {
    this.clock = options.clock ?? new ManualClock();
    this.#users = options.users?.length ? [...options.users] : DEFAULT_USERS;
    this.#settings = {
      version: options.version ?? "3.2.1",
      maximumPageLimit: options.maximumPageLimit ?? 100,
      externalLogUrl: options.externalLogUrl,
    };
    this.#tokens = new TokenService(
      this.#users,
      this.clock,
      options.tokenLifetimeSeconds ?? 86_400,
    );
    this.#store = new Store(this.clock, (options.queuedSeconds ?? 1) * 1000);
    seedStore(this.#store, options);
  }

  /**
   * Answers one request, as `fetch` would; safe to pass around unbound.
   *
   * @example
   * ```ts
   * import { FakeAirflow } from "@airflowkit/client/testing";
   *
   * const fake = new FakeAirflow();
   * const response = await fake.fetch("http://airflow.fake/api/v2/version");
   * console.log(await response.json()); // { git_version: null, version: "3.2.1" }
   * ```
   */
  readonly fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response> = async (
    input,
    init,
  ) => {
    const target = typeof input === "string" && input.startsWith("/")
      ? `${this.baseUrl}${input}`
      : input;
    const request = target instanceof Request && init === undefined
      ? target
      : new Request(target, init);
    try {
      return await this.#handle(request);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error.status, error.detail);
      const message = error instanceof Error ? error.message : String(error);
      return errorResponse(500, `The fake Airflow failed: ${message}`);
    }
  };

  /**
   * Options for `new Airflow(...)`: this fake's base URL and fetch, and the first admin's
   * credentials.
   *
   * @example
   * ```ts
   * import { Airflow } from "@airflowkit/client";
   * import { FakeAirflow } from "@airflowkit/client/testing";
   *
   * const airflow = new Airflow(new FakeAirflow().clientOptions());
   * console.log((await airflow.version.get()).version);
   * ```
   */
  clientOptions(): FakeClientOptions {
    const admin = this.#users.find((user) => user.role === "admin") ?? this.#users[0];
    return {
      baseUrl: this.baseUrl,
      fetch: this.fetch,
      auth: { username: admin.username, password: admin.password },
    };
  }

  /**
   * Serves the fake on a loopback port for other processes, on Deno or Bun. Elsewhere, hand
   * {@link FakeAirflow.fetch} to a server of your own.
   *
   * @example
   * ```ts
   * import { FakeAirflow } from "@airflowkit/client/testing";
   *
   * const fake = new FakeAirflow();
   * const server = await fake.listen({ port: 0 });
   * console.log(await (await fetch(`${server.url}/api/v2/version`)).json());
   * await server.close();
   * ```
   */
  listen(options: ListenOptions = {}): Promise<Listener> {
    return serve(this.fetch, options);
  }

  /** Catches up with what happened on the clock since the last request. */
  #settle(now: number): void {
    settleBackfills(this.#store, now);
    settleOutlets(this.#store, now);
  }

  async #handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const airflow2 = this.#settings.version.startsWith("2.");
    if (url.pathname.startsWith("/api/v1/") && airflow2) {
      const now = this.clock.now();
      this.#settle(now);
      return await serveV1(
        {
          store: this.#store,
          clock: this.clock,
          settings: this.#settings,
          users: this.#users,
          tokens: this.#tokens,
        },
        request,
        now,
      );
    }
    if (airflow2 || url.pathname.startsWith("/api/v1/")) return errorResponse(404, "Not Found");
    if (url.pathname === "/auth/token") {
      if (request.method !== "POST") return errorResponse(405, "Method Not Allowed");
      return await this.#tokens.handleTokenRequest(request);
    }
    if (url.pathname === LOGIN_PAGE && request.method === "GET") {
      return new Response(LOGIN_HTML, { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    const resolution: Resolution = resolve(request.method, url.pathname);
    if (resolution.kind === "not_found") return errorResponse(404, "Not Found");
    if (resolution.kind === "method_not_allowed") {
      return errorResponse(405, "Method Not Allowed");
    }
    const { operation } = resolution;
    if (isMissingOn(operation.id, this.#settings.version)) {
      return errorResponse(404, "Not Found");
    }
    const user = operation.auth ? await this.#tokens.authenticate(request) : undefined;
    if (user) authorize(user, request.method, url.pathname);
    const now = this.clock.now();
    this.#settle(now);
    const path = readPath(operation, resolution.params);
    const query = readQuery(operation, url.searchParams);
    const taken = serverBodies[operation.id];
    const body = await readBody(
      taken ? { ...operation, body: taken, bodyCheck: undefined } : operation,
      request,
      this.#settings.version,
    );
    logAction(
      { store: this.#store, now, operation, request, params: path.params, user },
      url.searchParams,
      body.body,
    );
    const issues = [...path.issues, ...query.issues, ...body.issues];
    if (issues.length > 0) return errorResponse(422, issues);
    const handler = HANDLERS[operation.id];
    const context: Context = {
      request,
      operation,
      params: path.params,
      query: query.query,
      body: body.body,
      user,
      store: this.#store,
      clock: this.clock,
      now,
      settings: this.#settings,
      tokens: this.#tokens,
    };
    return await shapeResponse(await handler(context), operation, this.#settings.version);
  }
}
