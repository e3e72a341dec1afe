/**
 * A typed, validating, fetch-only client for the Apache Airflow REST API. It runs unchanged in
 * Deno, Node, Bun, Cloudflare Workers and browsers.
 *
 * - {@link Airflow}: Airflow 3 (`/api/v2`), every operation as a namespace method and by route.
 *   Airflow 2's client is in `@airflowkit/client/v1`, and `connect()`, which picks the client for
 *   the API a server speaks, in `@airflowkit/client/connect`: this entry carries neither, so a
 *   program for Airflow 3 carries nothing of Airflow 2.
 * - Lists are async iterables that fetch pages as you consume them.
 * - Errors are classes per status family ({@link NotFoundError}, …) under {@link AirflowError}.
 * - Arguments are checked before anything is sent; answers are checked against the schemas.
 *
 * @example Trigger a run and wait for it
 * ```ts
 * import { Airflow } from "@airflowkit/client";
 *
 * const airflow = new Airflow({
 *   baseUrl: "http://localhost:8080",
 *   auth: { username: "admin", password: "secret" },
 * });
 * const run = await airflow.dagRuns.trigger("etl", { conf: { day: "2026-11-20" } });
 * const { run: done } = await airflow.dagRuns.wait("etl", run.dag_run_id);
 * console.log(done.state);
 * ```
 *
 * @module
 */
export { Airflow } from "./src/v2/generated/resources.ts";
export type * from "./src/v2/generated/resources.ts";
export type { AirflowCore } from "./src/core/client.ts";
export {
  AirflowError,
  APIConnectionError,
  APIError,
  type APIErrorInit,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  type FieldIssue,
  InternalServerError,
  isAirflowError,
  MiddlewareError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
  UnprocessableEntityError,
} from "./src/core/errors.ts";
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
export type { PageOptions, Paginator } from "./src/core/pagination.ts";
export type {
  RunLike,
  RunProgress,
  StateOf,
  WaitOptions,
  WaitResult,
} from "./src/core/run_waiter.ts";
export type { LogOptions, LogStream } from "./src/core/log_stream.ts";
export type { LogLine } from "./src/core/log_pages.ts";
export type { SetVariableOptions } from "./src/core/variable_setter.ts";
export type { ClientBase, ClientSummary } from "./src/core/display.ts";
export type { RouteArgs } from "./src/core/route.ts";
export type * from "./src/v2/generated/types.ts";
