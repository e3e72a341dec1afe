/**
 * Reads OpenAPI documents into a version-merged model: component schemas and operations, each
 * with the spec versions that have it.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { type Composer, composer, relaxRequired } from "./compose.ts";
import type { CorrectionEffects } from "./corrections.ts";
import { enumComponents } from "./emit_schema.ts";
import { mergeAll } from "./merge.ts";
import { acceptsNull, normalizeSchema } from "./normalize.ts";
import type { Literal, Schema } from "./schema_ir.ts";

// deno-lint-ignore no-explicit-any
type Raw = Record<string, any>;

/** One OpenAPI document and the Airflow version it describes. */
export interface SpecSource {
  /** Airflow version, such as `3.2.1`. */
  version: string;
  /** The parsed document. */
  document: Raw;
}

/** A parameter of an operation. */
export interface ParamModel {
  name: string;
  /** The spec versions that have this parameter (filled in when operations are merged). */
  versions?: string[];
  in: "path" | "query" | "header";
  required: boolean;
  schema: Schema;
  /** A query array sent as one comma-separated value (`style: form, explode: false`). */
  commaSeparated?: boolean;
}

/** An operation merged across the versions that define it. */
export interface OperationModel {
  id: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The full path: the spec's server path, such as `/api/v1`, then the path as in the spec. */
  path: string;
  tags: string[];
  versions: string[];
  params: ParamModel[];
  body?: { schema: Schema; required: boolean };
  /** Schema of the success response, when it is JSON. */
  response?: Schema;
  /** What the success response carries; JSON wins when it is one of several content types. */
  responseKind: "json" | "text" | "none";
  /**
   * Whether the operation needs credentials: it has security requirements of its own, or it
   * leaves them to the document's, which name schemes the document declares.
   */
  secured: boolean;
  /** The spec marks the operation deprecated. */
  deprecated: boolean;
}

/** What the generator emits code from. */
export interface ApiModel {
  versions: string[];
  /**
   * The path of the specs' server URL that operation paths start with, such as `/api/v1`;
   * empty when the specs write full paths.
   */
  pathPrefix: string;
  schemas: Map<string, Schema>;
  /** The spec versions that define each schema. */
  schemaVersions: Map<string, string[]>;
  /** For each schema, the versions that define each of its top-level properties. */
  propertyVersions: Map<string, Map<string, string[]>>;
  /** For each schema, the versions in which each top-level property accepts `null`. */
  nullableVersions: Map<string, Map<string, string[]>>;
  operations: OperationModel[];
  /** Component → property → the value the client sends when the caller leaves it out. */
  clientDefaults: Map<string, Record<string, Literal>>;
  /** The string enum components, when answers accept any string in their place. */
  openEnums?: Map<string, Literal[]>;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** Parses a YAML spec file's text. */
export function parseSpec(version: string, text: string): SpecSource {
  return { version, document: parseYaml(text) as Raw };
}

/**
 * Builds the merged model from specs given oldest first, with the effects of the corrections
 * already applied to them.
 */
export function buildModel(
  sources: SpecSource[],
  corrections: CorrectionEffects = { clientDefaults: new Map(), openEnums: false },
): ApiModel {
  const schemaVersions = new Map<string, Schema[]>();
  const schemaLabels = new Map<string, string[]>();
  const propertyVersions = new Map<string, Map<string, string[]>>();
  const nullableVersions = new Map<string, Map<string, string[]>>();
  const opVersions = new Map<string, { version: string; op: OperationModel }[]>();
  const prefixes = new Set(sources.map((source) => serverPath(source.document)));
  if (prefixes.size > 1) throw new Error(`the specs differ in server path: ${[...prefixes]}`);
  const pathPrefix = [...prefixes][0] ?? "";
  for (const { version, document } of sources) {
    const components = readComponents(document);
    for (const [name, schema] of components.schemas) {
      const list = schemaVersions.get(name) ?? [];
      list.push(schema);
      const props = propertyVersions.get(name) ?? new Map<string, string[]>();
      const nullable = nullableVersions.get(name) ?? new Map<string, string[]>();
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        props.set(key, [...(props.get(key) ?? []), version]);
        if (acceptsNull(property)) nullable.set(key, [...(nullable.get(key) ?? []), version]);
      }
      propertyVersions.set(name, props);
      nullableVersions.set(name, nullable);
      schemaVersions.set(name, list);
      schemaLabels.set(name, [...(schemaLabels.get(name) ?? []), version]);
    }
    for (const op of readOperations(document, components, pathPrefix)) {
      const key = `${op.method} ${op.path}`;
      const list = opVersions.get(key) ?? [];
      list.push({ version, op });
      opVersions.set(key, list);
    }
  }
  const merged = new Map<string, Schema>();
  for (const name of [...schemaVersions.keys()].sort()) {
    merged.set(name, mergeAll(schemaVersions.get(name)!));
  }
  const operations = [...opVersions.values()].map((list) =>
    mergeOperation(list.map((entry) => entry.op), list.map((entry) => entry.version))
  ).sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  const relaxed = relaxRequired(
    merged,
    operations.flatMap((op) => op.body ? [op.body.schema] : []),
    operations.flatMap((op) => op.response ? [op.response] : []),
  );
  return {
    versions: sources.map((source) => source.version),
    pathPrefix,
    schemas: relaxed.schemas,
    schemaVersions: schemaLabels,
    propertyVersions,
    nullableVersions,
    operations: operations.map((op) => ({
      ...op,
      body: op.body && { ...op.body, schema: relaxed.body(op.body.schema) },
      response: op.response && relaxed.response(op.response),
    })),
    clientDefaults: corrections.clientDefaults,
    openEnums: corrections.openEnums ? enumComponents(relaxed.schemas) : undefined,
  };
}

/** The component schemas of one document, normalized and composed. */
function readComponents(document: Raw): Composer {
  const raw = Object.entries<Raw>(document.components?.schemas ?? {});
  const flagged = (flag: string) =>
    new Set(raw.filter(([, schema]) => schema?.[flag] === true).map(([name]) => name));
  return composer({
    schemas: new Map(raw.map(([name, schema]) => [name, normalizeSchema(schema)])),
    readOnly: flagged("readOnly"),
    writeOnly: flagged("writeOnly"),
  });
}

/**
 * The path the operations' paths are relative to: the path of the spec's server URL, such as
 * `/api/v1` for Airflow 2, or nothing when the spec has no servers and writes full paths, as
 * Airflow 3's does.
 */
export function serverPath(document: Raw): string {
  const paths = new Set(
    ((document.servers ?? []) as Raw[]).map((server) =>
      new URL(String(server.url), "http://server.invalid").pathname.replace(/\/+$/, "")
    ),
  );
  if (paths.size > 1) throw new Error(`servers disagree on the API path: ${[...paths].join(", ")}`);
  return [...paths][0] ?? "";
}

/**
 * Whether an operation needs credentials: it declares a security requirement of its own, or it
 * declares none (not even an empty list) and the document's requirements apply. Those count
 * only when every scheme they name is declared: the Airflow 3 specs carry a document-level list
 * of Airflow 2's schemes that they do not declare, which secures nothing; Airflow 2's own list
 * secures every operation.
 */
function isSecured(document: Raw, op: Raw): boolean {
  if (Array.isArray(op.security)) return op.security.length > 0;
  const declared = new Set(Object.keys(document.components?.securitySchemes ?? {}));
  return ((document.security ?? []) as Raw[]).some((requirement) => {
    const schemes = Object.keys(requirement);
    return schemes.length > 0 && schemes.every((scheme) => declared.has(scheme));
  });
}

/** The JSON media type among `content`'s keys: `application/json` first, else a `+json` one. */
function jsonType(content: Raw): string | undefined {
  if (content["application/json"]) return "application/json";
  return Object.keys(content).find((type) => /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type));
}

function readOperations(document: Raw, components: Composer, prefix: string): OperationModel[] {
  const operations: OperationModel[] = [];
  for (const [path, item] of Object.entries<Raw>(document.paths ?? {})) {
    const shared = (item.parameters ?? []) as Raw[];
    for (const method of METHODS) {
      const op = item[method] as Raw | undefined;
      if (!op) continue;
      const params = new Map<string, ParamModel>();
      for (const raw of [...shared, ...(op.parameters ?? [])]) {
        const param = resolve(document, raw);
        if (param.in === "cookie") continue;
        const commaSeparated = param.in === "query" && param.explode === false &&
          (param.style ?? "form") === "form";
        params.set(`${param.in}:${param.name}`, {
          name: param.name,
          in: param.in,
          required: param.required === true,
          schema: components.compose(normalizeSchema(param.schema)),
          ...(commaSeparated ? { commaSeparated } : {}),
        });
      }
      const { response, responseKind } = readSuccess(document, op, components);
      operations.push({
        id: op.operationId,
        method: method.toUpperCase() as OperationModel["method"],
        path: `${prefix}${path}`,
        tags: op.tags ?? [],
        versions: [],
        params: [...params.values()],
        body: readBody(document, op, components),
        response,
        responseKind,
        secured: isSecured(document, op),
        deprecated: op.deprecated === true,
      });
    }
  }
  return operations;
}

/**
 * The JSON request body. The client sends JSON only, so a body that has no JSON content type
 * (a form, a file) is refused rather than dropped.
 */
function readBody(document: Raw, op: Raw, components: Composer): OperationModel["body"] {
  if (!op.requestBody) return undefined;
  const body = resolve(document, op.requestBody);
  const content = body.content ?? {};
  const type = jsonType(content);
  if (!type) {
    const types = Object.keys(content).join(", ") || "no content";
    throw new Error(`${op.operationId}: request body of ${types} is not supported, only JSON`);
  }
  return {
    schema: components.compose(normalizeSchema(content[type].schema)),
    required: body.required === true,
  };
}

/**
 * The success response: JSON when it is one of the content types (the client asks for JSON by
 * default), else text for `text/*` (and Airflow 2's misspelt `plain/text`), else no body, as for
 * a 204. A body of another type is refused rather than read wrong.
 */
function readSuccess(
  document: Raw,
  op: Raw,
  components: Composer,
): { response?: Schema; responseKind: OperationModel["responseKind"] } {
  const responses: Raw = op.responses ?? {};
  const code = Object.keys(responses).sort().find((status) => /^2\d\d$/.test(status));
  if (!code) return { responseKind: "none" };
  const content = resolve(document, responses[code]).content ?? {};
  const type = jsonType(content);
  if (type) {
    return {
      response: components.compose(normalizeSchema(content[type].schema)),
      responseKind: "json",
    };
  }
  const types = Object.keys(content);
  if (types.some((type) => type.includes("text"))) return { responseKind: "text" };
  if (types.length > 0) {
    throw new Error(`${op.operationId}: a response of ${types.join(", ")} is not supported`);
  }
  return { responseKind: "none" };
}

function resolve(document: Raw, value: Raw): Raw {
  if (typeof value?.$ref !== "string") return value;
  const target = value.$ref.replace(/^#\//, "").split("/").reduce(
    (node: Raw | undefined, key: string) => node?.[key],
    document,
  );
  if (!target) throw new Error(`unresolved ${value.$ref}`);
  return resolve(document, target);
}

function mergeOperation(versions: OperationModel[], labels: string[]): OperationModel {
  const last = versions[versions.length - 1];
  const params = new Map<string, ParamModel[]>();
  versions.forEach((op, index) => {
    for (const param of op.params) {
      const key = `${param.in}:${param.name}`;
      params.set(key, [...(params.get(key) ?? []), { ...param, versions: [labels[index]] }]);
    }
  });
  const mergedParams = [...params.values()].map((list): ParamModel => ({
    name: list[0].name,
    versions: list.flatMap((param) => param.versions ?? []),
    in: list[0].in,
    required: list.length === versions.length && list.every((param) => param.required),
    schema: mergeAll(list.map((param) => param.schema)),
    ...(list.some((param) => param.commaSeparated) ? { commaSeparated: true } : {}),
  }));
  const bodies = versions.flatMap((op) => op.body ? [op.body] : []);
  const responses = versions.flatMap((op) => op.response ? [op.response] : []);
  return {
    ...last,
    versions: labels,
    params: mergedParams,
    body: bodies.length > 0
      ? {
        schema: mergeAll(bodies.map((body) => body.schema)),
        required: bodies.length === versions.length && bodies.every((body) => body.required),
      }
      : undefined,
    response: responses.length > 0 ? mergeAll(responses) : undefined,
    secured: versions.some((op) => op.secured),
  };
}
