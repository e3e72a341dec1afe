/**
 * Emits the resources module: one class per namespace whose methods are one-line calls into the
 * client core, and the class that holds every namespace and `request()`.
 *
 * @module
 */
import { bodyRequired, header } from "./emit_common.ts";
import { queryTypeName, responseType } from "./emit_types.ts";
import { typeExpression } from "./emit_schema.ts";
import type { OperationPlan } from "./operation_plan.ts";
import { pascalCase, sampleArgument } from "./naming.ts";
import type { ApiModel } from "./spec_model.ts";

/** The class name of a namespace, such as `DagRunsApi`. */
export function namespaceClass(namespace: string): string {
  return `${pascalCase(namespace)}Api`;
}

/** The call a user writes, for docs: `airflow.dagRuns.get(dagId, dagRunId)`. */
export function callSignature(plan: OperationPlan, client = "airflow"): string {
  return `${client}.${plan.namespace}.${plan.method}(${parameterNames(plan).join(", ")})`;
}

function parameterNames(plan: OperationPlan): string[] {
  const names = plan.pathParams.map((param) => param.arg);
  if (plan.model.body) names.push("body");
  if (plan.queryParams.length > 0) names.push("query");
  return names;
}

/** Emits `resources.ts`; `clientClass` names the class users construct, for examples. */
export function emitResources(
  model: ApiModel,
  plans: OperationPlan[],
  inputs: string[],
  clientClass: string,
): string {
  const { pathPrefix } = model;
  const namespaces = [...new Set(plans.map((plan) => plan.namespace))].sort();
  const lines = [
    header(inputs, "The resource namespaces of the client, one method per REST operation."),
    'import type { ApiClient } from "../../core/client.ts";',
    'import { ClientShell } from "../../core/client_shell.ts";',
    'import type { RequestOptions } from "../../core/options.ts";',
    'import type { PageOptions, Paginator } from "../../core/pagination.ts";',
    'import { callRoute, type RouteArgs } from "../../core/route.ts";',
    'import * as op from "./operations.ts";',
    'import type * as T from "./types.ts";',
    "",
  ];
  for (const namespace of namespaces) {
    const members = plans.filter((plan) => plan.namespace === namespace)
      .sort((a, b) => a.method.localeCompare(b.method));
    lines.push(
      `/** The \`${namespace}\` namespace of {@link ${clientClass}}: ${members.length} operations. */`,
      `export class ${namespaceClass(namespace)} {`,
      "  readonly #core: ApiClient;",
      "",
      "  /**",
      `   * Binds the namespace to a client core; {@link ${clientClass}} does this for you.`,
      "   *",
      "   * @param core The client core that sends the requests.",
      "   */",
      "  constructor(core: ApiClient) {",
      "    this.#core = core;",
      "  }",
    );
    for (const plan of members) lines.push("", ...emitMethod(model, plan));
    lines.push("}", "");
  }
  lines.push(
    `/** Every namespace of the client, and \`request()\` for calls by route. */`,
    "export class ApiNamespaces extends ClientShell {",
    "  readonly #core: ApiClient;",
  );
  for (const namespace of namespaces) {
    lines.push(`  /** See {@link ${namespaceClass(namespace)}}. */`);
    lines.push(`  readonly ${namespace}: ${namespaceClass(namespace)};`);
  }
  lines.push(
    "",
    "  /**",
    "   * Creates every namespace on a client core.",
    "   *",
    "   * @param core The client core that sends the requests.",
    "   */",
    "  constructor(core: ApiClient) {",
    `    super(core, ${JSON.stringify(clientClass)});`,
    "    this.#core = core;",
    ...namespaces.map((namespace) =>
      `    this.${namespace} = new ${namespaceClass(namespace)}(core);`
    ),
    "  }",
    "",
    "  /**",
    ...(pathPrefix
      ? [
        "   * Calls any operation by its method and path as written in the spec, with the server's",
        `   * \`${pathPrefix}\` in front. Path, query and header parameters go in one object by their`,
        "   * spec names; the JSON body goes under `body`. A paged list returns one page.",
      ]
      : [
        "   * Calls any operation by its method and path as written in the spec. Path, query and",
        "   * header parameters go in one object by their spec names; the JSON body goes under `body`.",
        "   * A paged list returns one page.",
      ]),
    "   *",
    "   * @example",
    "   * ```ts",
    `   * const dag = await airflow.request("GET ${examplePath(plans)}", { dag_id: "etl" });`,
    "   * ```",
    "   */",
    "  request<K extends keyof T.Routes>(",
    "    route: K,",
    '    ...args: RouteArgs<T.Routes[K]["params"]>',
    '  ): Promise<T.Routes[K]["response"]> {',
    "    return callRoute(this.#core, op.routes, route, args);",
    "  }",
    "}",
    "",
  );
  return lines.join("\n");
}

function examplePath(plans: OperationPlan[]): string {
  const plan = plans.find((p) => p.model.id === "get_dag") ?? plans[0];
  return plan.model.path;
}

function emitMethod(api: ApiModel, plan: OperationPlan): string[] {
  const { model } = plan;
  const params = plan.pathParams.map((param) =>
    `${param.arg}: ${param.kind === "integer" ? "number" : "string"}`
  );
  const args = plan.pathParams.map((param) => param.arg);
  if (model.body) {
    const optional = bodyRequired(api, model) ? "" : "?";
    params.push(`body${optional}: ${
      typeExpression(model.body.schema, {
        schemaPrefix: "T.",
        typePrefix: "T.",
        input: true,
      })
    }`);
  }
  const hasQuery = plan.queryParams.length > 0;
  const queryRequired = plan.queryParams.some((param) => param.required);
  if (plan.page) {
    params.push(`query?: Omit<T.${queryTypeName(plan)}, "limit" | "offset"> & PageOptions`);
  } else if (hasQuery) {
    params.push(`query${queryRequired ? "" : "?"}: T.${queryTypeName(plan)}`);
  }
  params.push("options?: RequestOptions");
  const call = `{ path: [${args.join(", ")}]${model.body ? ", body" : ""}${
    hasQuery ? ", query" : ""
  } }`;
  const doc = [
    "  /**",
    `   * \`${plan.route}\` (\`${model.id}\`), on Airflow ${model.versions.join(", ")}.`,
  ];
  if (plan.page) {
    doc.push("   * Iterate the result with `for await` for every item, or call `.pages()`.");
  }
  doc.push("   *", "   * @example", "   * ```ts", `   * ${example(plan)}`, "   * ```", "   */");
  if (plan.page) {
    const pageType = responseType(api, plan, "T.");
    const itemsType = `${pageType}[${JSON.stringify(plan.page.items)}]`;
    const itemType = `${plan.page.required ? itemsType : `NonNullable<${itemsType}>`}[number]`;
    return [
      ...doc,
      `  ${plan.method}(${params.join(", ")}): Paginator<${itemType}, ${pageType}> {`,
      `    return this.#core.paginate(op.${plan.constName}, [${args.join(", ")}], query, options);`,
      "  }",
    ];
  }
  return [
    ...doc,
    `  ${plan.method}(${params.join(", ")}): Promise<${responseType(api, plan, "T.")}> {`,
    `    return this.#core.invoke(op.${plan.constName}, ${call}, options);`,
    "  }",
  ];
}

function example(plan: OperationPlan): string {
  const args = plan.pathParams.map((param) => sampleArgument(param.name, param.kind));
  if (plan.model.body) args.push("body");
  if (plan.queryParams.some((param) => param.required)) args.push("query");
  const call = `airflow.${plan.namespace}.${plan.method}(${args.join(", ")})`;
  if (plan.page) return `for await (const item of ${call}) console.log(item);`;
  if (plan.model.responseKind === "none") return `await ${call};`;
  return `const result = await ${call};`;
}
