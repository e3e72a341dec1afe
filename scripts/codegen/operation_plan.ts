/**
 * Decides, for each operation, how the client exposes it: its namespace and method, its
 * positional path arguments, its query object, its body and its return shape.
 *
 * @module
 */
import type { OperationModel, ParamModel } from "./spec_model.ts";
import type { Schema } from "./schema_ir.ts";
import { camelCase } from "./naming.ts";

/** How one operation is exposed. */
export interface OperationPlan {
  model: OperationModel;
  /** Exported name of the operation descriptor, such as `getDagRuns`. */
  constName: string;
  namespace: string;
  method: string;
  /** `GET /api/v2/dags/{dag_id}`, the key of `request()`. */
  route: string;
  pathParams: { name: string; arg: string; kind: "string" | "integer" }[];
  queryParams: ParamModel[];
  /**
   * Set when the operation pages by `limit`/`offset` and returns one array of items, under the
   * property `items`; `required` says whether every page has that property.
   */
  page?: { items: string; itemSchema: Schema; required: boolean };
  /**
   * The hand-written method that serves this operation instead of a plain one (`dagRuns.wait`
   * reads the `/wait` stream), when the names table gives it that method's name.
   */
  servedBy?: string;
}

const PAGE_PARAMS = ["limit", "offset"];

/**
 * Plans every operation; throws when one has no name or an unsupported parameter, or when the
 * names table has an entry for an operation that the specs do not have.
 */
export function planOperations(
  operations: OperationModel[],
  names: Record<string, string>,
  schemas: Map<string, Schema>,
  helpers: ReadonlySet<string> = new Set(),
): OperationPlan[] {
  const ids = new Set(operations.map((model) => model.id));
  const stale = Object.keys(names).filter((id) => !ids.has(id));
  if (stale.length > 0) throw new Error(`names for unknown operations: ${stale.join(", ")}`);
  const seen = new Set<string>();
  return operations.map((model) => {
    const name = names[model.id];
    if (!name) throw new Error(`no client name for operation ${model.id}: add one to the table`);
    if (!/^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/.test(name)) {
      throw new Error(`${model.id}: client name ${name} is not \`namespace.method\``);
    }
    if (seen.has(name)) throw new Error(`client name ${name} is used twice`);
    seen.add(name);
    const [namespace, method] = name.split(".");
    for (const param of model.params) {
      if (param.in === "header" && param.name.toLowerCase() !== "accept") {
        throw new Error(`${model.id}: header parameter ${param.name} is not supported`);
      }
    }
    const order = [...model.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    const pathParams = order.map((paramName) => {
      const param = model.params.find((p) => p.in === "path" && p.name === paramName);
      if (!param) throw new Error(`${model.id}: path parameter ${paramName} is not declared`);
      return {
        name: paramName,
        arg: camelCase(paramName),
        kind: isInteger(param.schema) ? "integer" as const : "string" as const,
      };
    });
    const queryParams = model.params.filter((param) => param.in === "query");
    return {
      model,
      constName: camelCase(model.id),
      namespace,
      method,
      route: `${model.method} ${model.path}`,
      pathParams,
      queryParams,
      page: findPage(model, queryParams, schemas),
      ...(helpers.has(name) ? { servedBy: name } : {}),
    };
  });
}

function findPage(
  model: OperationModel,
  queryParams: ParamModel[],
  schemas: Map<string, Schema>,
): OperationPlan["page"] {
  const names = queryParams.map((param) => param.name);
  if (model.method !== "GET" || !model.response) return undefined;
  if (!PAGE_PARAMS.every((name) => names.includes(name))) return undefined;
  const response = model.response.$ref ? schemas.get(model.response.$ref) : model.response;
  const props = response?.properties ?? {};
  if (!("total_entries" in props)) return undefined;
  const arrays = Object.entries(props).filter(([, schema]) => schema.type === "array");
  if (arrays.length !== 1) {
    throw new Error(`${model.id}: a paged response needs exactly one array of items`);
  }
  const [items, schema] = arrays[0];
  return {
    items,
    itemSchema: schema.items ?? {},
    required: response?.required?.includes(items) ?? false,
  };
}

/** Whether a parameter takes integers, nullable ones included. */
function isInteger(schema: Schema): boolean {
  return schema.type === "integer" ||
    (schema.anyOf?.every((variant) => variant.type === "integer" || variant.type === "null") ??
      false);
}
