/**
 * A typed, validating, fetch-only client for the Apache Airflow REST API. It runs unchanged in
 * Deno, Node, Bun, Cloudflare Workers and browsers.
 *
 * - {@link Airflow}: Airflow 3 (`/api/v2`), every operation as a namespace method and by route.
 * - Lists are async iterables that fetch pages as you consume them ({@link Paginator}).
 * - Errors are classes per status family ({@link NotFoundError}, …) under {@link AirflowError}.
 * - Arguments are checked before anything is sent; responses are checked against the schemas.
 *
 * @example Trigger a run and read it back
 * ```ts
 * import { Airflow } from "@airflowkit/client";
 *
 * const airflow = new Airflow({
 *   baseUrl: "http://localhost:8080",
 *   auth: { username: "admin", password: "secret" },
 * });
 * const run = await airflow.dagRuns.trigger("etl", { conf: { day: "2026-11-20" } });
 * const again = await airflow.dagRuns.get("etl", run.dag_run_id);
 * console.log(again.state);
 * ```
 *
 * @module
 */
export { Airflow } from "./src/v2/client.ts";
export { V2_PROFILE } from "./src/v2/profile.ts";
export { connect } from "./src/connect.ts";
export { ClientShell } from "./src/core/client_shell.ts";
export type { AirflowV1 } from "./src/v1/client.ts";
export * from "./src/v2/generated/resources.ts";
export { DagRuns } from "./src/v2/dag_runs.ts";
export { TaskInstances } from "./src/v2/task_instances.ts";
export { Variables } from "./src/v2/variables.ts";
export type { SetVariableOptions } from "./src/core/variable_setter.ts";
export type {
  RunLike,
  RunProgress,
  StateOf,
  WaitOptions,
  WaitResult,
} from "./src/core/run_waiter.ts";
export type { LogLine, LogOptions, LogStream } from "./src/core/log_stream.ts";
export type * from "./src/v2/generated/types.ts";
export * as schemas from "./src/v2/generated/schemas.ts";
export * as operations from "./src/v2/generated/operations.ts";
export * from "./src/core/errors.ts";
export { ApiClient, type ApiProfile, type CallArgs } from "./src/core/client.ts";
export type {
  BodyFieldVersions,
  HttpMethod,
  JsonSchema,
  Operation,
  PathParam,
} from "./src/core/operation.ts";
export type {
  AuthOptions,
  ClientOptions,
  FetchLike,
  HeadersInput,
  RequestOptions,
  ResponseValidation,
  TokenSource,
} from "./src/core/options.ts";
export type {
  Middleware,
  MiddlewareFailure,
  MiddlewareRequest,
  MiddlewareResponse,
} from "./src/core/middleware.ts";
export { type PageFetcher, type PageOptions, Paginator } from "./src/core/pagination.ts";
export type { RouteArgs } from "./src/core/route.ts";
export type { PasswordScheme } from "./src/core/auth.ts";
