/**
 * Reading an answer: a 2xx body parsed as its operation says and checked against its schema,
 * or an error answer turned into the `APIError` of its status.
 *
 * @module
 */
import { APIError, ResponseValidationError } from "./errors.ts";
import { type ErrorBody, parseErrorBody } from "./error_body.ts";
import type { ResponseValidation } from "./options.ts";
import type { Redactor } from "./redaction.ts";
import type { PreparedRequest } from "./request.ts";
import { explainRefusals } from "./server_version.ts";
import { check } from "./validation.ts";

/**
 * The value of a 2xx answer whose body is `text`: nothing, the text, or the JSON checked
 * against the operation's schema as `policy` says. `sentCredentials` gives, only when an error
 * must be scrubbed, the credentials the request carried besides the client's own.
 */
export function readAnswer(
  request: PreparedRequest,
  response: Response,
  text: string,
  policy: ResponseValidation,
  redactor: Redactor,
  sentCredentials: () => (string | undefined)[] = () => [],
): unknown {
  const { operation } = request;
  if (operation.responseKind === "none" || response.status === 204) return undefined;
  if (operation.responseKind === "text") return text;
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new ResponseValidationError(operation.method, request.url, [{
      path: "",
      message: text.length === 0
        ? "the body is empty"
        : `the body is not JSON${describeContentType(response)}`,
    }], redactor.text(text, sentCredentials()));
  }
  if (policy === false || !operation.response) return payload;
  const issues = check(operation.response, payload, "", operation.responseCheck);
  if (issues.length === 0) return payload;
  const sent = sentCredentials();
  const error = new ResponseValidationError(
    operation.method,
    request.url,
    redactor.value(issues, sent) as typeof issues,
    redactor.value(payload, sent),
  );
  if (policy === true) throw error;
  policy(error);
  return payload;
}

/**
 * The error for an answer outside 2xx whose body is `text`: the class of its status, with the
 * server's explanation, and field issues that a version limit explains rewritten so. Every
 * credential, in any form, is scrubbed from the body once parsed (and from the text when it is
 * not JSON), from what is built of it, and from the headers. `explanation` stands in when the
 * body says nothing; `sent` are credentials the request carried besides the client's own.
 */
export function errorFor(
  request: PreparedRequest,
  response: Response,
  text: string,
  redactor: Redactor,
  sent: (string | undefined)[] = [],
  explanation?: string,
): APIError {
  const json = parseErrorBody(text);
  // Text that is not JSON is scrubbed before its explanation is cut to length.
  const { body, detail = explanation, fieldIssues } = typeof json.body === "string"
    ? parseErrorBody(redactor.text(text, sent))
    : redactor.value(json, sent) as ErrorBody;
  return APIError.from({
    status: response.status,
    method: request.operation.method,
    url: request.url,
    detail,
    fieldIssues: fieldIssues && explainRefusals(request.operation, fieldIssues, request.payload),
    body,
    headers: redactor.headers(response.headers, sent),
  });
}

function describeContentType(response: Response): string {
  const type = response.headers.get("content-type");
  return type ? ` (content-type ${type.split(";")[0]})` : " (no content-type)";
}
