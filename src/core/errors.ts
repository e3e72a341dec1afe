/**
 * The errors the client throws. Every one extends {@link AirflowError}; those that come from an
 * HTTP answer extend {@link APIError} and carry its status, and there is one class per status
 * family so that callers can branch with `instanceof`.
 *
 * @example Branching on the error class
 * ```ts
 * import { Airflow, NotFoundError } from "@airflowkit/client";
 *
 * const airflow = new Airflow({ baseUrl: "http://localhost:8080", auth: { token: "t" } });
 * try {
 *   await airflow.dags.get("missing");
 * } catch (error) {
 *   if (error instanceof NotFoundError) console.log("no such DAG:", error.detail);
 *   else throw error;
 * }
 * ```
 *
 * @module
 */

/** Base class of every error the client throws. */
export class AirflowError extends Error {
  /**
   * Creates an error.
   *
   * @param message What went wrong.
   * @param options The underlying cause, if any.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One field-level problem, from a 422 (v2) or a 400 (v1) answer or from local validation. */
export interface FieldIssue {
  /** Where the problem is, such as `body.conf` or `query.limit`. */
  path: string;
  /** What is wrong there. */
  message: string;
  /** The server's or validator's kind of error, when given. */
  type?: string;
}

/** What an {@link APIError} is built from. */
export interface APIErrorInit {
  /** HTTP status. */
  status: number;
  /** HTTP method of the request. */
  method: string;
  /** Request URL, without credentials. */
  url: string;
  /** The server's explanation, as text. */
  detail?: string;
  /** Field-level problems the server listed. */
  fieldIssues?: FieldIssue[];
  /** The parsed response body (JSON, or text). */
  body?: unknown;
  /** Response headers. */
  headers?: Headers;
}

/** An HTTP answer outside 2xx. */
export class APIError extends AirflowError {
  /** HTTP status. */
  readonly status: number;
  /** HTTP method of the request. */
  readonly method: string;
  /** Request URL, without credentials. */
  readonly url: string;
  /** The server's explanation, as text, when it sent one. */
  readonly detail?: string;
  /** Field-level problems the server listed (422 in v2, 400 in v1). */
  readonly fieldIssues: FieldIssue[];
  /** The parsed response body. */
  readonly body?: unknown;
  /** Response headers. */
  readonly headers?: Headers;

  /**
   * Creates an error from an answer; {@link APIError.from} picks the subclass.
   *
   * @param init The answer's facts.
   */
  constructor(init: APIErrorInit) {
    super(describe(init));
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.detail = init.detail;
    this.fieldIssues = init.fieldIssues ?? [];
    this.body = init.body;
    this.headers = init.headers;
  }

  /** Creates the subclass that matches `init.status`. */
  static from(init: APIErrorInit): APIError {
    const Class = STATUS_CLASSES[init.status] ??
      (init.status >= 500 ? InternalServerError : APIError);
    return new Class(init);
  }
}

function describe(init: APIErrorInit): string {
  let message = `${init.method} ${init.url} failed with ${init.status}`;
  if (init.detail) message += `: ${init.detail}`;
  if (init.fieldIssues?.length) {
    message += ` (${
      init.fieldIssues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")
    })`;
  }
  return message;
}

/** 400: the server rejected the request as malformed. */
export class BadRequestError extends APIError {}
/** 401: credentials are missing, wrong or expired. */
export class AuthenticationError extends APIError {}
/** 403: the credentials may not do this. */
export class PermissionDeniedError extends APIError {}
/** 404: no such resource (or the operation is not on this Airflow version). */
export class NotFoundError extends APIError {}
/** 409: the resource exists already or is in a conflicting state. */
export class ConflictError extends APIError {}
/** 422: the server's validation failed; see {@link APIError.fieldIssues}. */
export class UnprocessableEntityError extends APIError {}
/** 429: too many requests. */
export class RateLimitError extends APIError {}
/** 5xx: the server failed. */
export class InternalServerError extends APIError {}

const STATUS_CLASSES: Record<number, new (init: APIErrorInit) => APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The request did not reach the server, or no answer came back. */
export class APIConnectionError extends AirflowError {}

/** No answer came within the `timeout`. */
export class APITimeoutError extends APIConnectionError {}

/** The caller's `signal` aborted the request. */
export class APIUserAbortError extends AirflowError {}

/** A middleware hook threw; the call stops, and `cause` is what the hook threw. */
export class MiddlewareError extends AirflowError {}

/** Arguments were refused before any request was sent. */
export class RequestValidationError extends AirflowError {
  /** Each problem found. */
  readonly issues: FieldIssue[];
  /**
   * Creates the error.
   *
   * @param operation Operation id.
   * @param issues What is wrong.
   */
  constructor(operation: string, issues: FieldIssue[]) {
    super(
      `invalid arguments for ${operation}: ${
        issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")
      }`,
    );
    this.issues = issues;
  }
}

/** A 2xx answer did not match the schema of the operation. */
export class ResponseValidationError extends AirflowError {
  /** Each mismatch found, by path into the response body. */
  readonly issues: FieldIssue[];
  /** The response body as received. */
  readonly body: unknown;
  /**
   * Creates the error.
   *
   * @param method HTTP method.
   * @param url Request URL.
   * @param issues Mismatches.
   * @param body The body as received.
   */
  constructor(method: string, url: string, issues: FieldIssue[], body: unknown) {
    super(
      `${method} ${url}: response does not match the schema: ${
        issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ")
      }`,
    );
    this.issues = issues;
    this.body = body;
  }
}
