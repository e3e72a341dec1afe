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

/**
 * JSON as Python's `json.dumps` writes it by default: a space after `,` and `:`, and characters
 * outside ASCII escaped.
 */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => `${asciiJson(JSON.stringify(key))}: ${pythonJson(item)}`);
    return `{${entries.join(", ")}}`;
  }
  return asciiJson(JSON.stringify(value));
}

/** JSON text with every character outside ASCII escaped, as Python's `ensure_ascii` writes it. */
function asciiJson(text: string): string {
  return text.replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * The `detail` of Airflow 3's 409 for a row that exists already (a run id in use): its database
 * error handler hides the statement and points to the server's log.
 */
export function uniqueViolation(): Record<string, string> {
  const id = errorId();
  return {
    reason: "Unique constraint violation",
    statement: "hidden",
    orig_error: "hidden",
    message: "Serious error when handling your request. Check logs for more details - " +
      `you will find it in api server when you look for ID ${id}`,
  };
}

function errorId(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 16);
}

/** The `detail` of Airflow 3's 500 for an exception nobody handled. */
export function unhandledError(): Record<string, string> {
  const id = errorId();
  return {
    reason: "unhandled_error",
    message: "Serious error when handling your request. Check logs for more details - " +
      `you will find it in api server when you look for ID ${id}`,
    error_id: id,
  };
}

/**
 * What Python's `str()` makes of a JSON value: a string stays as it is; anything else is its
 * repr (`{'a': 1, 'b': [True, None]}`), as Airflow stores a variable's value.
 */
export function pythonStr(value: unknown): string {
  return typeof value === "string" ? value : pythonRepr(value);
}

/** What Python's `repr()` writes for a JSON value. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return pythonStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${pythonStringRepr(key)}: ${pythonRepr(item)}`);
  return `{${entries.join(", ")}}`;
}

/** Python's repr of a string: single quotes, unless it holds one and no double quote. */
function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    if (char === quote || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (char < " " || char === "\x7f") {
      out += `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
    } else out += char;
  }
  return out + quote;
}
