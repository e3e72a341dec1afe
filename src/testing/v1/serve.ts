/**
 * The fake as an Airflow 2 (`/api/v1`): HTTP Basic credentials, the route, query and body read
 * against the 2.10 spec (a bad one is a 400, as Airflow 2 answers it), then the work done by the
 * Airflow 3 handler the operation maps to, over the same store, and its answer made Airflow 2's.
 * Operations outside the table answer 501, naming themselves.
 *
 * @module
 */
import type { Operation } from "../../core/operation.ts";
import { check } from "../../core/validation.ts";
import { routes as v1Routes } from "../../v1/generated/operations.ts";
import { routes as v2Routes } from "../../v2/generated/operations.ts";
import { authorize, type TokenService } from "../auth.ts";
import type { Context, Settings } from "../context.ts";
import { HANDLERS } from "../handlers.ts";
import { HttpError, json } from "../http.ts";
import { readPath, readQuery } from "../request.ts";
import { createRouter } from "../router.ts";
import type { FakeUser } from "../seed.ts";
import type { Store } from "../store.ts";
import type { FakeClock } from "../clock.ts";
import { problem } from "./answers.ts";
import { v1Log } from "./logs.ts";
import { V1_ROUTES, type V1Call } from "./routes.ts";

const resolve = createRouter(v1Routes);
const V2_BY_ID = new Map(Object.values(v2Routes).map((operation) => [operation.id, operation]));
const NOT_FOUND = "The requested URL was not found on the server. If you entered the URL " +
  "manually please check your spelling and try again.";

/** What serving needs of the fake. */
export interface V1Server {
  store: Store;
  clock: FakeClock;
  settings: Settings;
  users: readonly FakeUser[];
  tokens: TokenService;
}

/** The user whose Basic credentials a request carries, if they are right. */
function basicUser(request: Request, users: readonly FakeUser[]): FakeUser | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const at = decoded.indexOf(":");
  return users.find((user) =>
    user.username === decoded.slice(0, at) && user.password === decoded.slice(at + 1)
  );
}

/** A JSON body and its problems against the 2.10 schema, which takes unknown fields. */
async function readV1Body(
  operation: Operation,
  request: Request,
): Promise<{ body: Record<string, unknown>; problem?: string }> {
  const text = request.body ? await request.text() : "";
  if (!operation.body) return { body: {} };
  if (text.trim() === "") {
    return operation.bodyRequired
      ? { body: {}, problem: "Request body must not be empty" }
      : { body: {} };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { body: {}, problem: "Request body must be valid JSON" };
  }
  const issues = check(operation.body, body, "", operation.bodyCheck);
  if (issues.length > 0) {
    const [first] = issues;
    return { body: {}, problem: `${first.message}${first.path ? ` - '${first.path}'` : ""}` };
  }
  return { body: body as Record<string, unknown> };
}

/** Answers one `/api/v1` request. */
export async function serveV1(server: V1Server, request: Request, now: number): Promise<Response> {
  const url = new URL(request.url);
  const resolution = resolve(request.method, url.pathname);
  if (resolution.kind === "not_found") return problem(404, NOT_FOUND);
  if (resolution.kind === "method_not_allowed") {
    return problem(405, "The method is not allowed for the requested URL.");
  }
  const { operation } = resolution;
  const user = basicUser(request, server.users);
  if (!user) return problem(401, "Invalid credentials");
  try {
    authorize(user, request.method, url.pathname.replace(/^\/api\/v1/, "/api/v2"));
  } catch (error) {
    if (error instanceof HttpError) return problem(error.status, error.detail);
    throw error;
  }
  const path = readPath(operation, resolution.params);
  const query = readQuery(operation, url.searchParams);
  const body = await readV1Body(operation, request);
  const issue = [...path.issues, ...query.issues][0];
  if (issue) return problem(400, `${issue.msg} - '${issue.loc.slice(1).join(".")}'`);
  if (body.problem) return problem(400, body.problem);
  const call: V1Call = { store: server.store, now, params: path.params, query: query.query };
  if (operation.id === "get_version") return json({ git_version: null, version: "2.10.0" });
  if (operation.id === "get_log") {
    return v1Log({ ...call, accept: request.headers.get("accept") });
  }
  const route = V1_ROUTES[operation.id];
  if (!route) {
    return problem(
      501,
      `${operation.method} ${operation.path} (${operation.id}) is not implemented by the fake Airflow 2`,
    );
  }
  const target = V2_BY_ID.get(route.v2 ?? operation.id)!;
  const context: Context = {
    request,
    operation: target,
    params: path.params,
    query: route.query?.(call) ?? query.query,
    body: route.body?.(body.body, call) ?? body.body,
    user,
    store: server.store,
    clock: server.clock,
    now,
    // The work is Airflow 3's, as its newest version does it.
    settings: { ...server.settings, version: "3.2.1" },
    tokens: server.tokens,
  };
  let answer: Response;
  try {
    answer = await HANDLERS[target.id](context);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return problem(error.status === 422 ? 400 : error.status, error.detail);
  }
  if (answer.status === 204) return new Response(null, { status: 204 });
  if (!answer.ok) {
    const { detail } = await answer.json();
    return problem(answer.status, detail);
  }
  return json(route.answer(await answer.json(), call));
}
