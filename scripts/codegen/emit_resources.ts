/**
 * Emits the resources module: one class per namespace whose methods are one-line calls into the
 * client core, with the hand-written helpers of `helpers.ts` among them, and the client class
 * that holds every namespace and `request()`.
 *
 * @module
 */
import { bodyRequired, header } from "./emit_common.ts";
import { queryTypeName, responseType } from "./emit_types.ts";
import { typeExpression } from "./emit_schema.ts";
import { type Helper, helperName, HELPERS } from "./helpers.ts";
import type { OperationPlan } from "./operation_plan.ts";
import { pascalCase, sampleArgument } from "./naming.ts";
import { sampleLiteral } from "./samples.ts";
import type { ApiModel } from "./spec_model.ts";

/** The client class a target generates, and what its docs and helpers need. */
export interface ClientSpec {
  /** Class name, such as `Airflow`. */
  name: string;
  /** The import specifier users write, such as `@airflowkit/client`. */
  entry: string;
  /** The auth profile the class passes to the core, if not the default (Airflow 3's). */
  profile?: { name: string; module: string };
  /** Names of the version's types that helpers use: `{ Run: "DAGRunResponse", … }`. */
  types: Record<string, string>;
  /** The class's doc paragraph. */
  doc: string[];
}

/**
 * The class name of a namespace, such as `DagRuns`; `Namespace` follows a name that a schema
 * has already (the `config` namespace is `ConfigNamespace`, beside the `Config` type).
 */
export function namespaceClass(namespace: string, schemas: ReadonlyMap<string, unknown>): string {
  const name = pascalCase(namespace);
  return schemas.has(name) ? `${name}Namespace` : name;
}

/** The call a user writes, for docs: `airflow.dagRuns.get(dagId, dagRunId)`. */
export function callSignature(plan: OperationPlan, client = "airflow"): string {
  if (plan.servedBy) return `${client}.${plan.servedBy}(${pathArgs(plan).join(", ")})`;
  return `${client}.${plan.namespace}.${plan.method}(${parameterNames(plan).join(", ")})`;
}

function pathArgs(plan: OperationPlan): string[] {
  return plan.pathParams.map((param) => param.arg);
}

function parameterNames(plan: OperationPlan): string[] {
  const names = pathArgs(plan);
  if (plan.model.body) names.push("body");
  if (plan.queryParams.length > 0) names.push("query");
  return names;
}

/** Emits `resources.ts`. */
export function emitResources(
  model: ApiModel,
  plans: OperationPlan[],
  inputs: string[],
  client: ClientSpec,
): string {
  const namespaces = [...new Set(plans.map((plan) => plan.namespace))].sort();
  const helpers = HELPERS.filter((helper) => namespaces.includes(helper.namespace));
  const lines = [
    header(inputs, `The resource namespaces of {@link ${client.name}}, and the class itself.`),
    ...imports(helpers, client),
    "",
  ];
  for (const namespace of namespaces) {
    const members = plans.filter((plan) => plan.namespace === namespace && !plan.servedBy)
      .sort((a, b) => a.method.localeCompare(b.method));
    const own = helpers.filter((helper) => helper.namespace === namespace);
    const methods = [
      ...members.map((plan) => ({ name: plan.method, lines: emitMethod(model, plan, client) })),
      ...own.map((helper) => ({ name: helper.method, lines: emitHelper(helper, client) })),
    ].sort((a, b) => a.name.localeCompare(b.name));
    lines.push(
      `/** The \`${namespace}\` namespace of {@link ${client.name}}. */`,
      `export class ${namespaceClass(namespace, model.schemas)} {`,
      "  readonly #core: AirflowCore;",
      "",
      "  /**",
      `   * Binds the namespace to a client core; {@link ${client.name}} does this for you.`,
      "   *",
      "   * @param core The client core that sends the requests.",
      "   */",
      "  constructor(core: AirflowCore) {",
      "    this.#core = core;",
      "  }",
    );
    for (const method of methods) lines.push("", ...method.lines);
    lines.push("}", "");
  }
  lines.push(
    ...emitClient(
      plans,
      namespaces.map((name) => [name, namespaceClass(name, model.schemas)]),
      client,
    ),
  );
  return lines.join("\n");
}

function imports(helpers: Helper[], client: ClientSpec): string[] {
  const core = new Map<string, Set<string>>([
    ["client.ts", new Set(["AirflowCore"])],
    ["display.ts", new Set(["ClientBase"])],
    ["options.ts", new Set(["type ClientOptions", "type RequestOptions"])],
    ["pagination.ts", new Set(["type PageOptions", "type Paginator"])],
    ["route.ts", new Set(["callRoute", "type RouteArgs"])],
  ]);
  for (const helper of helpers) {
    for (const [file, names] of Object.entries(helper.core)) {
      const set = core.get(file) ?? new Set<string>();
      for (const name of names) set.add(name);
      core.set(file, set);
    }
  }
  const sortKey = (name: string) => name.replace(/^type /, "");
  const lines = [...core].sort(([a], [b]) => a.localeCompare(b)).map(([file, names]) => {
    const sorted = [...names].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    return sorted.every((name) => name.startsWith("type "))
      ? `import type { ${sorted.map(sortKey).join(", ")} } from "../../core/${file}";`
      : `import { ${sorted.join(", ")} } from "../../core/${file}";`;
  });
  const endpoints = [...new Set(helpers.flatMap((helper) => helper.endpoints))].sort();
  if (endpoints.length > 0) {
    lines.push(`import { ${endpoints.join(", ")} } from "../endpoints.ts";`);
  }
  if (client.profile) {
    lines.push(`import { ${client.profile.name} } from "${client.profile.module}";`);
  }
  lines.push('import * as op from "./operations.ts";', 'import type * as T from "./types.ts";');
  return lines;
}

/** The lines of an example: the import, the client, then `body`. */
function exampleLines(client: ClientSpec, body: string[]): string[] {
  return [
    "@example",
    "```ts",
    `import { ${client.name} } from "${client.entry}";`,
    "",
    `const airflow = new ${client.name}({ baseUrl: "http://localhost:8080", auth: { token: "t" } });`,
    ...body,
    "```",
  ];
}

function docBlock(lines: string[]): string[] {
  return ["  /**", ...lines.map((line) => `   *${line ? ` ${line}` : ""}`), "   */"];
}

function emitHelper(helper: Helper, client: ClientSpec): string[] {
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const type = client.types[name];
      if (!type) throw new Error(`${helperName(helper)}: ${client.name} has no type for {${name}}`);
      return type;
    });
  return [
    ...docBlock([...helper.doc, "", ...exampleLines(client, helper.example)]),
    `  ${helper.method}(${helper.params.join(", ")}): ${fill(helper.returns)} {`,
    ...helper.body.split("\n").map((line) => `    ${line}`),
    "  }",
  ];
}

function emitMethod(api: ApiModel, plan: OperationPlan, client: ClientSpec): string[] {
  const { model } = plan;
  const params = plan.pathParams.map((param) =>
    `${param.arg}: ${param.kind === "integer" ? "number" : "string"}`
  );
  const args = pathArgs(plan);
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
  const summary = [`\`${plan.route}\` (\`${model.id}\`), on Airflow ${model.versions.join(", ")}.`];
  if (model.deprecated) summary.push("", "@deprecated The spec marks the operation deprecated.");
  if (plan.page) {
    summary.push("Iterate the result with `for await` for every item, or call `.pages()`.");
  }
  const doc = docBlock([...summary, "", ...exampleLines(client, [example(api, plan)])]);
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
    `    return this.#core.call(op.${plan.constName}, ${call}, options);`,
    "  }",
  ];
}

/** One statement that calls the method with arguments that pass its checks. */
function example(api: ApiModel, plan: OperationPlan): string {
  const args = plan.pathParams.map((param) => sampleArgument(param.name, param.kind));
  const { body } = plan.model;
  if (body) {
    const sample = sampleLiteral(body.schema, api.schemas);
    if (bodyRequired(api, plan.model) || plan.queryParams.some((param) => param.required)) {
      args.push(sample);
    }
  }
  const required = plan.queryParams.filter((param) => param.required);
  if (required.length > 0) {
    args.push(
      `{ ${
        required.map((param) =>
          `${param.name}: ${sampleLiteral(param.schema, api.schemas, param.name)}`
        )
          .join(", ")
      } }`,
    );
  }
  const call = `airflow.${plan.namespace}.${plan.method}(${args.join(", ")})`;
  if (plan.page) return `for await (const item of ${call}) console.log(item);`;
  if (plan.model.responseKind === "none") return `await ${call};`;
  return `console.log(await ${call});`;
}

/** The client class, given `[namespace, class name]` pairs. */
function emitClient(
  plans: OperationPlan[],
  namespaces: [string, string][],
  client: ClientSpec,
): string[] {
  const profile = client.profile ? `, ${client.profile.name}` : "";
  const getDag = plans.find((plan) => plan.model.id === "get_dag") ?? plans[0];
  return [
    "/**",
    ...client.doc.map((line) => ` * ${line}`),
    " *",
    " * Credentials are held privately: they never appear in `JSON.stringify`, `console.log` or",
    " * error messages.",
    " *",
    ...exampleLines(client, [
      'for await (const run of airflow.dagRuns.list("~", { state: ["failed"] })) {',
      "  console.log(run.dag_id, run.dag_run_id);",
      "}",
    ]).map((line) => ` * ${line}`.trimEnd()),
    " */",
    `export class ${client.name} extends ClientBase {`,
    "  readonly #core: AirflowCore;",
    ...namespaces.flatMap(([namespace, className]) => [
      `  /** See {@link ${className}}. */`,
      `  readonly ${namespace}: ${className};`,
    ]),
    "",
    "  /**",
    "   * Creates a client. Nothing is sent until the first call.",
    "   *",
    "   * @param options Where Airflow is and how to call it; checked at once.",
    "   */",
    "  constructor(options: ClientOptions) {",
    `    const core = new AirflowCore(options${profile});`,
    `    super(core, ${JSON.stringify(client.name)});`,
    "    this.#core = core;",
    ...namespaces.map(([namespace, className]) =>
      `    this.${namespace} = new ${className}(core);`
    ),
    "  }",
    "",
    "  /**",
    "   * Calls any operation by its method and path as written in the spec. Path, query and",
    "   * header parameters go in one object by their spec names; the JSON body goes under `body`.",
    "   * A paged list returns one page.",
    "   *",
    ...exampleLines(client, [
      `const dag = await airflow.request("GET ${getDag.model.path}", { dag_id: "etl" });`,
      "console.log(dag);",
    ]).map((line) => `   * ${line}`.trimEnd()),
    "   */",
    "  request<K extends keyof T.Routes>(",
    "    route: K,",
    '    ...args: RouteArgs<T.Routes[K]["params"]>',
    '  ): Promise<T.Routes[K]["response"]> {',
    "    return callRoute(this.#core, op.routes, route, args);",
    "  }",
    "}",
    "",
  ];
}
