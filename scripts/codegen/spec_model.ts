/**
 * Reads OpenAPI documents into a version-merged model: component schemas and operations, each
 * with the spec versions that have it.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { mergeAll } from "./merge.ts";
import { normalizeSchema } from "./normalize.ts";
import type { Schema } from "./schema_ir.ts";

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
}

/** An operation merged across the versions that define it. */
export interface OperationModel {
  id: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  tags: string[];
  versions: string[];
  params: ParamModel[];
  body?: { schema: Schema; required: boolean };
  /** Schema of the success response, when it is JSON. */
  response?: Schema;
  responseKind: "json" | "text" | "none";
  /** Whether the operation declares a security requirement of its own. */
  secured: boolean;
}

/** What the generator emits code from. */
export interface ApiModel {
  versions: string[];
  schemas: Map<string, Schema>;
  /** The spec versions that define each schema. */
  schemaVersions: Map<string, string[]>;
  /** For each schema, the versions that define each of its top-level properties. */
  propertyVersions: Map<string, Map<string, string[]>>;
  operations: OperationModel[];
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** Parses a YAML spec file's text. */
export function parseSpec(version: string, text: string): SpecSource {
  return { version, document: parseYaml(text) as Raw };
}

/** Builds the merged model from specs given oldest first. */
export function buildModel(sources: SpecSource[]): ApiModel {
  const schemaVersions = new Map<string, Schema[]>();
  const schemaLabels = new Map<string, string[]>();
  const propertyVersions = new Map<string, Map<string, string[]>>();
  const opVersions = new Map<string, { version: string; op: OperationModel }[]>();
  for (const { version, document } of sources) {
    for (const [name, raw] of Object.entries<Raw>(document.components?.schemas ?? {})) {
      const list = schemaVersions.get(name) ?? [];
      const schema = normalizeSchema(raw);
      list.push(schema);
      const props = propertyVersions.get(name) ?? new Map<string, string[]>();
      for (const key of Object.keys(schema.properties ?? {})) {
        props.set(key, [...(props.get(key) ?? []), version]);
      }
      propertyVersions.set(name, props);
      schemaVersions.set(name, list);
      schemaLabels.set(name, [...(schemaLabels.get(name) ?? []), version]);
    }
    for (const op of readOperations(document)) {
      const key = `${op.method} ${op.path}`;
      const list = opVersions.get(key) ?? [];
      list.push({ version, op });
      opVersions.set(key, list);
    }
  }
  const schemas = new Map<string, Schema>();
  for (const name of [...schemaVersions.keys()].sort()) {
    schemas.set(name, mergeAll(schemaVersions.get(name)!));
  }
  const operations = [...opVersions.values()].map((list) =>
    mergeOperation(list.map((entry) => entry.op), list.map((entry) => entry.version))
  ).sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  return {
    versions: sources.map((source) => source.version),
    schemas,
    schemaVersions: schemaLabels,
    propertyVersions,
    operations,
  };
}

function readOperations(document: Raw): OperationModel[] {
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
        params.set(`${param.in}:${param.name}`, {
          name: param.name,
          in: param.in,
          required: param.required === true,
          schema: normalizeSchema(param.schema),
        });
      }
      const body = op.requestBody ? resolve(document, op.requestBody) : undefined;
      const bodySchema = body?.content?.["application/json"]?.schema;
      const { response, responseKind } = readSuccess(document, op.responses ?? {});
      operations.push({
        id: op.operationId,
        method: method.toUpperCase() as OperationModel["method"],
        path,
        tags: op.tags ?? [],
        versions: [],
        params: [...params.values()],
        body: bodySchema
          ? { schema: normalizeSchema(bodySchema), required: body.required === true }
          : undefined,
        response,
        responseKind,
        secured: Array.isArray(op.security) ? op.security.length > 0 : false,
      });
    }
  }
  return operations;
}

function readSuccess(
  document: Raw,
  responses: Raw,
): { response?: Schema; responseKind: OperationModel["responseKind"] } {
  const code = Object.keys(responses).sort().find((status) => /^2\d\d$/.test(status));
  if (!code) return { responseKind: "none" };
  const content = resolve(document, responses[code]).content ?? {};
  if (content["application/json"]) {
    return { response: normalizeSchema(content["application/json"].schema), responseKind: "json" };
  }
  const types = Object.keys(content);
  if (types.some((type) => type.includes("text"))) return { responseKind: "text" };
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
