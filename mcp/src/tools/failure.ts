/**
 * From an error to what the model reads: what went wrong and what to do about it, in a sentence
 * or two, never with Airflow's URL, credentials or a stack.
 *
 * @module
 */
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
} from "@airflowkit/client";
import type { FieldIssue } from "@airflowkit/client";
import type { AirflowApi } from "../airflow/api.ts";
import { ConfigError } from "../config/config.ts";
import { explainMissing } from "./missing.ts";
import { type Subject, ToolError } from "./tool.ts";

/** The longest piece of Airflow's own explanation quoted. */
const DETAIL_LIMIT = 500;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > DETAIL_LIMIT ? `${flat.slice(0, DETAIL_LIMIT)}…` : flat;
}

function issues(list: readonly FieldIssue[]): string {
  return list.slice(0, 5).map((issue) => `${issue.path}: ${issue.message}`).join("; ");
}

function said(error: APIError): string {
  const parts = [error.detail, issues(error.fieldIssues)].filter(Boolean) as string[];
  return parts.length ? `: ${clip(parts.join(" "))}` : "";
}

/** The message for an error that is not a 404, or `undefined` for one this file cannot read. */
export function describeFailure(error: unknown): string | undefined {
  if (error instanceof ToolError) return error.message;
  if (error instanceof ConfigError) {
    return `The MCP server is misconfigured (${error.message}); the operator must fix it.`;
  }
  if (error instanceof AuthenticationError) {
    return "Airflow refused the MCP server's credentials (401). The operator should check " +
      "AIRFLOW_TOKEN, or AIRFLOW_USERNAME and AIRFLOW_PASSWORD.";
  }
  if (error instanceof PermissionDeniedError) {
    return `Airflow's user for the MCP server may not do this (403)${said(error)}. ` +
      "An Airflow admin can grant the permission.";
  }
  if (error instanceof ConflictError) return `Airflow refused: conflict (409)${said(error)}.`;
  if (error instanceof RateLimitError) {
    return "Airflow is limiting how often the MCP server may call it (429); try again in a minute.";
  }
  if (error instanceof NotFoundError) return `Not found in Airflow (404)${said(error)}.`;
  if (error instanceof APIError) {
    return error.status >= 500
      ? `Airflow failed (${error.status})${said(error)}. Try again later; if it persists, ` +
        "Airflow's own logs will say why."
      : `Airflow rejected the request (${error.status})${said(error)}. Check the arguments.`;
  }
  if (error instanceof RequestValidationError) {
    return `Bad argument: ${issues(error.issues)}.`;
  }
  if (error instanceof ResponseValidationError) {
    return "Airflow answered something the MCP server cannot read " +
      `(${clip(issues(error.issues))}); its version may be unsupported.`;
  }
  if (error instanceof APITimeoutError) {
    return "Airflow did not answer in time. Try again, or ask for less.";
  }
  if (error instanceof APIConnectionError) {
    return "The MCP server could not reach Airflow. The operator should check AIRFLOW_URL and " +
      "the network between them.";
  }
  if (error instanceof APIUserAbortError) return "Cancelled.";
  return undefined;
}

/**
 * What the model reads for `error`: a 404 explained from what the tool named (the first of
 * `subjects` that is missing, with similar names), other errors by kind; `undefined` for an
 * unexpected error (a bug), which the caller logs.
 */
export async function explainFailure(
  error: unknown,
  subjects: readonly Subject[],
  airflow: () => Promise<AirflowApi>,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (error instanceof NotFoundError && subjects.length > 0) {
    try {
      const explanation = await explainMissing(await airflow(), subjects, signal);
      if (explanation) return explanation;
    } catch {
      // The 404 as it came is still worth saying.
    }
  }
  return describeFailure(error);
}
