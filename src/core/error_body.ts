/**
 * Reads the server's explanation out of an error body, whatever shape it has: v2's
 * `{ detail: string }` and `{ detail: [{ loc, msg, type }] }`, v1's problem+json
 * (`type`, `title`, `status`, `detail`), or plain text such as a proxy's HTML page.
 *
 * @module
 */
import type { FieldIssue } from "./errors.ts";

const MAX_TEXT = 500;

/** What an error body says. */
export interface ErrorBody {
  /** The body, parsed as JSON when it is JSON, else the text. */
  body: unknown;
  /** A one-line explanation. */
  detail?: string;
  /** Field-level problems, with dotted paths such as `body.conf`. */
  fieldIssues?: FieldIssue[];
}

/** Parses an error body. Never throws. */
export function parseErrorBody(text: string): ErrorBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    return {
      body: text,
      detail: trimmed
        ? trimmed.slice(0, MAX_TEXT) + (trimmed.length > MAX_TEXT ? "…" : "")
        : undefined,
    };
  }
  if (body === null || typeof body !== "object") return { body, detail: String(body) };
  const record = body as Record<string, unknown>;
  if (Array.isArray(record.detail)) {
    const fieldIssues = record.detail.map(toFieldIssue);
    return { body, detail: "validation failed", fieldIssues };
  }
  const parts = [record.title, record.detail, ...reasonAndMessage(record.detail)].filter((part) =>
    typeof part === "string" && part.length > 0
  ) as string[];
  if (parts.length === 0 && record.detail !== undefined) {
    try {
      parts.push(JSON.stringify(record.detail));
    } catch {
      parts.push("(a detail too deeply nested to show)");
    }
  }
  return { body, detail: parts.length ? [...new Set(parts)].join(": ") : undefined };
}

/**
 * The `reason` and `message` of a `detail` object, as Airflow 3 writes for database conflicts
 * (`{ reason: "Unique constraint violation", message, statement, orig_error }`) and errors
 * nobody handled.
 */
function reasonAndMessage(detail: unknown): unknown[] {
  if (detail === null || typeof detail !== "object" || Array.isArray(detail)) return [];
  const { reason, message } = detail as Record<string, unknown>;
  return [reason, message];
}

function toFieldIssue(entry: unknown): FieldIssue {
  const item = (entry ?? {}) as { loc?: unknown; msg?: unknown; type?: unknown };
  const path = Array.isArray(item.loc) ? item.loc.map(String).join(".") : "";
  return {
    path,
    message: typeof item.msg === "string" ? item.msg : JSON.stringify(entry),
    type: typeof item.type === "string" ? item.type : undefined,
  };
}
