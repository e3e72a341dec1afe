/**
 * Building the fake's answers: JSON bodies, Airflow's error shapes, and its time format.
 *
 * @module
 */

/** One entry of a 422 answer's `detail`, as FastAPI writes it. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

/** Thrown by handlers to answer with an error status and `{ detail }`. */
export class HttpError extends Error {
  readonly status: number;
  readonly detail: unknown;

  constructor(status: number, detail: unknown) {
    super(typeof detail === "string" ? detail : `HTTP ${status}`);
    this.status = status;
    this.detail = detail;
  }
}

/** A JSON answer. */
export function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  const all = new Headers(headers);
  all.set("content-type", "application/json");
  return new Response(JSON.stringify(body), { status, headers: all });
}

/** An empty 204 answer. */
export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** The `{ detail }` answer of an error. */
export function errorResponse(status: number, detail: unknown): Response {
  return json({ detail }, status);
}

/** Throws an {@link HttpError}. */
export function fail(status: number, detail: unknown): never {
  throw new HttpError(status, detail);
}

/** Throws a 422 with FastAPI's `detail` list. */
export function unprocessable(issues: ValidationIssue[]): never {
  throw new HttpError(422, issues);
}

const SENSITIVE = /pass(word|wd)?|secret|token|api_?key|private|credential|authorization/i;

/** Whether a key names something that must never be sent back in clear. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE.test(key);
}

/**
 * A time as Airflow's API writes it (Pydantic's format): `2026-11-20T10:00:00Z`, with six
 * fraction digits when there is a fraction.
 */
export function iso(ms: number): string {
  const text = new Date(ms).toISOString();
  return text.endsWith(".000Z") ? text.replace(".000Z", "Z") : text.replace(/Z$/, "000Z");
}

/** A time as Python's `datetime.isoformat()` writes it in UTC, as Airflow's run ids use it. */
export function pythonIso(ms: number): string {
  const text = new Date(ms).toISOString();
  const base = text.endsWith(".000Z") ? text.slice(0, 19) : `${text.slice(0, 23)}000`;
  return `${base}+00:00`;
}

/** JSON as Python's `json.dumps` writes it by default, with a space after `,` and `:`. */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`);
    return `{${entries.join(", ")}}`;
  }
  return JSON.stringify(value);
}
