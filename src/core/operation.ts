/**
 * The description of one REST operation that the generated code hands to the client core.
 *
 * @module
 */

/**
 * A JSON Schema object: the generated schemas are plain literals of the JSON that TypeBox's
 * builders would produce, so TypeBox checks them as the client's compiled checks do.
 */
export type JsonSchema = object;

/** A check compiled ahead of time: whether a value matches a schema. */
export type Check = (value: unknown) => boolean;

/** HTTP methods used by the Airflow REST API. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A path parameter, in the order it appears in the path. */
export interface PathParam {
  /** Name as in the path template, such as `dag_run_id`. */
  readonly name: string;
  /** `integer` parameters take numbers; `string` ones take non-empty strings. */
  readonly kind: "string" | "integer";
}

/** Since when a body property is accepted; see {@link Operation.bodyVersions}. */
export interface BodyFieldVersions {
  /** The first `major.minor` Airflow version that accepts the property. */
  readonly since?: string;
  /** The first `major.minor` Airflow version that accepts `null` for it. */
  readonly nullSince?: string;
}

/** Everything the core needs to call one operation, generated from the OpenAPI specs. */
export interface Operation {
  /** The spec's operationId, such as `get_dag_runs`. */
  readonly id: string;
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Path template exactly as in the spec, such as `/api/v2/dags/{dag_id}`. */
  readonly path: string;
  /** Path parameters in path order. */
  readonly pathParams: readonly PathParam[];
  /** Object schema of the query parameters, when the operation takes any. */
  readonly query?: JsonSchema;
  /** The compiled check of {@link Operation.query}. */
  readonly queryCheck?: Check;
  /** Query arrays sent as one comma-separated value (`a,b`) instead of repeated keys. */
  readonly commaSeparated?: readonly string[];
  /** Schema of the JSON request body, when the operation takes one. */
  readonly body?: JsonSchema;
  /** The compiled check of {@link Operation.body}. */
  readonly bodyCheck?: Check;
  /** Whether the body must be given. */
  readonly bodyRequired?: boolean;
  /**
   * Values sent for body properties the caller leaves out, where real Airflow requires a
   * property that callers rarely set (a trigger's `logical_date`, sent as `null`).
   */
  readonly bodyDefaults?: Readonly<Record<string, unknown>>;
  /**
   * Body properties that older Airflow versions refuse (their bodies forbid unknown fields):
   * since which version each is accepted, or accepts `null`.
   */
  readonly bodyVersions?: Readonly<Record<string, BodyFieldVersions>>;
  /** Schema of the JSON success response. */
  readonly response?: JsonSchema;
  /** The compiled check of {@link Operation.response}. */
  readonly responseCheck?: Check;
  /** What the success response carries. */
  readonly responseKind: "json" | "text" | "none";
  /** Whether the operation needs credentials; public ones are sent without. */
  readonly auth: boolean;
  /** For offset-paged lists: the response property that holds the items. */
  readonly page?: { readonly items: string };
  /** The method that serves this operation, when its answer is a stream (`dagRuns.wait`). */
  readonly servedBy?: string;
}
