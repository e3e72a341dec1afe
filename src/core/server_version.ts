/**
 * What the server's Airflow version accepts in a request body. Airflow's bodies refuse fields
 * they do not know, so a field that a newer release added is a 422 on an older server. Where
 * the client knows the server's version, such a field is refused before sending, with the
 * version it needs; where it does not, the server's refusal is explained the same way.
 *
 * @module
 */
import type { FieldIssue } from "./errors.ts";
import type { Operation } from "./operation.ts";

/** `major.minor` as two numbers, or `undefined` for text that does not start like a version. */
export function minorVersion(version: string): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** Whether `version` (text, such as `3.2.1`) is `wanted` (`major.minor`) or later; `false` if unknown. */
export function versionAtLeast(version: string | undefined, wanted: string): boolean {
  const parsed = version === undefined ? undefined : minorVersion(version);
  return parsed !== undefined && atLeast(parsed, wanted);
}

function atLeast(version: [number, number], wanted: string): boolean {
  const [major, minor] = minorVersion(wanted) ?? [0, 0];
  return version[0] > major || (version[0] === major && version[1] >= minor);
}

/** The body fields that a server of `version` would refuse, each with the version it needs. */
export function versionIssues(
  operation: Operation,
  body: unknown,
  version: [number, number],
): FieldIssue[] {
  const limits = operation.bodyVersions;
  if (!limits || body === null || typeof body !== "object") return [];
  const shown = `${version[0]}.${version[1]}`;
  const issues: FieldIssue[] = [];
  for (const [field, value] of Object.entries(body)) {
    const limit = Object.hasOwn(limits, field) ? limits[field] : undefined;
    if (value === undefined || !limit) continue;
    if (limit.since && !atLeast(version, limit.since)) {
      issues.push({
        path: `body.${field}`,
        message: `needs Airflow ${limit.since} or later; the server runs ${shown}`,
        type: "version",
      });
    } else if (value === null && limit.nullSince && !atLeast(version, limit.nullSince)) {
      issues.push({
        path: `body.${field}`,
        message: `null needs Airflow ${limit.nullSince} or later; the server runs ${shown}: ` +
          "leave the field out instead",
        type: "version",
      });
    }
  }
  return issues;
}

/**
 * The issues of a 422 with those that a version limit explains rewritten: an unknown field
 * (`extra_forbidden`) that a newer Airflow accepts, or a `null` that only a newer one accepts.
 * `body` is the body that was sent.
 */
export function explainRefusals(
  operation: Operation,
  issues: FieldIssue[],
  body: unknown,
): FieldIssue[] {
  const limits = operation.bodyVersions;
  if (!limits || body === null || typeof body !== "object") return issues;
  const sent = body as Record<string, unknown>;
  return issues.map((issue) => {
    const match = /^body\.([^.]+)$/.exec(issue.path);
    const limit = match && Object.hasOwn(limits, match[1]) ? limits[match[1]] : undefined;
    if (!limit) return issue;
    if (issue.type === "extra_forbidden" && limit.since) {
      return {
        ...issue,
        message: `needs Airflow ${limit.since} or later; this server refused it as unknown`,
      };
    }
    if (limit.nullSince && sent[match![1]] === null) {
      return {
        ...issue,
        message: `${issue.message} (null needs Airflow ${limit.nullSince} or later; ` +
          "leave the field out instead)",
      };
    }
    return issue;
  });
}
