/**
 * Preparing a request: the operation's path filled in, its query string, its JSON body with the
 * defaults real Airflow needs, checked against the schemas and the server's version, and the
 * headers merged by rule. Nothing here touches the network.
 *
 * @module
 */
import { type FieldIssue, RequestValidationError } from "./errors.ts";
import type { Operation } from "./operation.ts";
import { credentialHeaderNames, type HeadersInput, headersOf } from "./options.ts";
import { versionIssues } from "./server_version.ts";
import { check } from "./validation.ts";
import { buildPath, buildQuery, describeValue, jsonProblem, withIsoDates } from "./wire.ts";

/** The arguments of one operation call. */
export interface CallArgs {
  /** Path parameters, in path order. */
  path?: readonly unknown[];
  /** Query parameters, by their spec names. */
  query?: object;
  /** JSON request body. */
  body?: unknown;
}

/** What preparation needs to know of the client. */
export interface PrepareRules {
  /** Base URL without a trailing slash. */
  baseUrl: string;
  /** Check the query and the body against the schemas. */
  validate: boolean;
  /** The server's `major.minor`, when known: fields it lacks are refused. */
  serverMinor?: [number, number];
  /** The client's headers, lower-case names. */
  headers: Record<string, string>;
  /** The names of the client's headers that carry credentials. */
  credentials: ReadonlySet<string>;
}

/** A request ready to send. */
export interface PreparedRequest {
  /** The operation it calls. */
  operation: Operation;
  /** Absolute URL. */
  url: string;
  /** Headers, lower-case names; the attempt adds `authorization`. */
  headers: Record<string, string>;
  /** The names of its headers that carry credentials: the client's, and the call's own. */
  credentials: ReadonlySet<string>;
  /** The JSON body as text. */
  body?: string;
  /** The value the body encodes, for explaining a refusal of it. */
  payload?: unknown;
}

/**
 * Prepares a call, or throws a `RequestValidationError` listing every problem with its
 * arguments. `accept` is the media type asked for; `callHeaders` are the call's own headers,
 * added to the client's name by name.
 */
export function prepareRequest(
  operation: Operation,
  args: CallArgs,
  rules: PrepareRules,
  callHeaders?: HeadersInput,
  accept?: string,
): PreparedRequest {
  const { path, issues } = buildPath(operation, args.path ?? []);
  let search = "";
  if (queryGiven(operation, args.query)) {
    unlessUnwritable(issues, "query", () => {
      const query = withIsoDates(args.query as Record<string, unknown>);
      if (rules.validate) issues.push(...queryIssues(operation, query));
      search = buildQuery(query, operation.commaSeparated);
    });
  }
  const given = withBodyDefaults(operation, args.body);
  let body: string | undefined;
  let payload: unknown;
  if (given === undefined) {
    if (operation.bodyRequired) issues.push({ path: "body", message: "is required" });
  } else if (!operation.body) {
    issues.push({ path: "body", message: `${operation.id} takes no body` });
  } else {
    unlessUnwritable(issues, "body", () => {
      const problem = jsonProblem(given);
      if (problem) return void issues.push({ path: "body", message: problem });
      payload = withIsoDates(given);
      if (rules.validate) {
        issues.push(...check(operation.body!, payload, "body", operation.bodyCheck));
      }
      if (rules.serverMinor) issues.push(...versionIssues(operation, payload, rules.serverMinor));
      body = JSON.stringify(payload);
    });
  }
  let headers: Record<string, string> = rules.headers;
  try {
    headers = mergeHeaders(rules.headers, callHeaders);
  } catch (error) {
    issues.push({
      path: "options.headers",
      message: (error as Error).message.replace(/^\S+ /, ""),
    });
  }
  if (issues.length > 0) throw new RequestValidationError(operation.id, issues);
  headers.accept = accept ?? headers.accept ??
    (operation.responseKind === "text" ? "text/plain" : "application/json");
  if (body !== undefined) headers["content-type"] = "application/json";
  return {
    operation,
    url: `${rules.baseUrl}${path}${search}`,
    headers,
    credentials: callHeaders === undefined
      ? rules.credentials
      : new Set([...rules.credentials, ...credentialHeaderNames(headers)]),
    body,
    payload,
  };
}

/**
 * Whether `query` needs preparing: it is given, and it has parameters, or the operation requires
 * some, or it is not an object at all. An empty one is left out, as it adds nothing to the URL.
 */
function queryGiven(operation: Operation, query: unknown): boolean {
  if (query === undefined || query === null) return false;
  if (typeof query !== "object") return true;
  for (const _ in query) return true;
  return ((operation.query as { required?: unknown[] } | undefined)?.required?.length ?? 0) > 0;
}

/**
 * Runs `work`, which reads the caller's query or body; what it throws (a getter that throws, a
 * `toJSON` that returns a `BigInt`, nesting deeper than the stack, a lone surrogate) becomes an
 * issue at `where` instead of escaping as a raw runtime error.
 */
function unlessUnwritable(issues: FieldIssue[], where: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    issues.push({
      path: where,
      message: error instanceof RangeError
        ? "nests too deeply to be written"
        : `cannot be written: ${error instanceof Error ? error.name : "an error"} while reading it`,
    });
  }
}

/** Headers from several sources, lower-case names; a later source wins, name by name. */
export function mergeHeaders(
  base: Record<string, string>,
  added: HeadersInput | undefined,
): Record<string, string> {
  if (added === undefined) return { ...base };
  return { ...base, ...headersOf(added, "options.headers") };
}

/** The body with the operation's defaults filled in where the caller left a field out. */
function withBodyDefaults(operation: Operation, body: unknown): unknown {
  const defaults = operation.bodyDefaults;
  if (!defaults) return body;
  if (body === undefined) return { ...defaults };
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const filled = { ...body } as Record<string, unknown>;
  for (const [key, value] of Object.entries(defaults)) {
    if (filled[key] === undefined) filled[key] = value;
  }
  return filled;
}

/** Unknown query names, then the query's schema. */
function queryIssues(operation: Operation, query: Record<string, unknown>): FieldIssue[] {
  if (typeof query !== "object" || Array.isArray(query)) {
    return [{ path: "query", message: `must be an object, got ${describeValue(query)}` }];
  }
  const known = (operation.query as { properties?: Record<string, unknown> } | undefined)
    ?.properties ?? {};
  const unknown = Object.keys(query).filter((key) =>
    !Object.hasOwn(known, key) && query[key] !== undefined
  );
  if (unknown.length > 0) {
    const expected = Object.keys(known);
    return unknown.map((key) => ({
      path: `query.${key}`,
      message: `is not a parameter of ${operation.id}${
        expected.length ? ` (expected one of: ${expected.join(", ")})` : ""
      }`,
    }));
  }
  if (!operation.query) return [];
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined) given[key] = value;
  return check(operation.query, given, "query", operation.queryCheck);
}
