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

/** Marks every error of this package, from any copy of it (JSR and npm in one program). */
const BRAND: unique symbol = Symbol.for("airflowkit.error") as never;

/**
 * Base class of every error the client throws. Each class has its name as a literal (minified
 * bundles keep it), and `instanceof` also recognises errors from another copy of this package
 * or another realm, by that name.
 */
export class AirflowError extends Error {
  static {
    named(this, "AirflowError");
    Object.defineProperty(this.prototype, BRAND, { value: true });
  }

  /**
   * Creates an error.
   *
   * @param message What went wrong.
   * @param options The underlying cause, if any.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }

  /**
   * Whether `value` is an instance of this class: from this copy of the package, or from another
   * copy or realm with the same class name in its lineage.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!isAirflowError(value) || !Object.hasOwn(this.prototype, "name")) return false;
    for (let proto = Object.getPrototypeOf(value); proto; proto = Object.getPrototypeOf(proto)) {
      if (Object.hasOwn(proto, "name") && proto.name === this.prototype.name) return true;
    }
    return false;
  }
}

/** Gives an error class its literal name, on the prototype, where every instance reads it. */
function named(errorClass: { prototype: Error }, name: string): void {
  Object.defineProperty(errorClass.prototype, "name", {
    value: name,
    writable: true,
    configurable: true,
  });
}

/**
 * Whether `value` is an error thrown by airflowkit, from this copy of the package or another
 * one (a program that loads it from JSR and from npm), or from another realm.
 *
 * @example
 * ```ts
 * import { Airflow, isAirflowError } from "@airflowkit/client";
 *
 * const airflow = new Airflow({ baseUrl: "http://localhost:8080", auth: { token: "t" } });
 * try {
 *   await airflow.dags.get("etl");
 * } catch (error) {
 *   if (isAirflowError(error)) console.log(error.name, error.message);
 *   else throw error;
 * }
 * ```
 */
export function isAirflowError(value: unknown): value is AirflowError {
  return typeof value === "object" && value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true;
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
  static {
    named(this, "APIError");
  }

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
export class BadRequestError extends APIError {
  static {
    named(this, "BadRequestError");
  }
}
/** 401: credentials are missing, wrong or expired. */
export class AuthenticationError extends APIError {
  static {
    named(this, "AuthenticationError");
  }
}
/** 403: the credentials may not do this. */
export class PermissionDeniedError extends APIError {
  static {
    named(this, "PermissionDeniedError");
  }
}
/** 404: no such resource (or the operation is not on this Airflow version). */
export class NotFoundError extends APIError {
  static {
    named(this, "NotFoundError");
  }
}
/** 409: the resource exists already or is in a conflicting state. */
export class ConflictError extends APIError {
  static {
    named(this, "ConflictError");
  }
}
/** 422: the server's validation failed; see {@link APIError.fieldIssues}. */
export class UnprocessableEntityError extends APIError {
  static {
    named(this, "UnprocessableEntityError");
  }
}
/** 429: too many requests. */
export class RateLimitError extends APIError {
  static {
    named(this, "RateLimitError");
  }
}
/** 5xx: the server failed. */
export class InternalServerError extends APIError {
  static {
    named(this, "InternalServerError");
  }
}

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
export class APIConnectionError extends AirflowError {
  static {
    named(this, "APIConnectionError");
  }
}

/** No answer came within the `timeout`. */
export class APITimeoutError extends APIConnectionError {
  static {
    named(this, "APITimeoutError");
  }
}

/** The caller's `signal` aborted the request. */
export class APIUserAbortError extends AirflowError {
  static {
    named(this, "APIUserAbortError");
  }
}

/** A middleware hook threw; the call stops, and `cause` is what the hook threw. */
export class MiddlewareError extends AirflowError {
  static {
    named(this, "MiddlewareError");
  }
}

/** Arguments were refused before any request was sent. */
export class RequestValidationError extends AirflowError {
  static {
    named(this, "RequestValidationError");
  }

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
  static {
    named(this, "ResponseValidationError");
  }

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
