/**
 * Emits the resources module: one class per namespace whose methods call the functions of
 * `functions.ts` (the hand-written helpers of `helpers.ts` among them) with the class's core, and
 * the client class that holds every namespace and `request()`.
 *
 * @module
 */
import { header } from "./emit_common.ts";
import {
  coreImports,
  exampleBlock,
  exampleStatement,
  functionName,
  helperSignature,
  helpersOf,
  operationSignature,
  operationSummary,
  parameterNames,
  sampleArguments,
  type Signature,
} from "./emit_functions.ts";
import type { Helper } from "./helpers.ts";
import type { OperationPlan } from "./operation_plan.ts";
import { pascalCase } from "./naming.ts";
import type { ApiModel } from "./spec_model.ts";

/** The client class a target generates, and what its docs and helpers need. */
export interface ClientSpec {
  /** Class name, such as `Airflow`. */
  name: string;
  /** The import specifier users write, such as `@airflowkit/client`. */
  entry: string;
  /** The entry point that exports the bare core and the functions, if the version has one. */
  bareEntry?: string;
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
  const paths = plan.pathParams.map((param) => param.arg);
  if (plan.servedBy) return `${client}.${plan.servedBy}(${paths.join(", ")})`;
  const names = [...paths];
  if (plan.model.body) names.push("body");
  if (plan.queryParams.length > 0) names.push("query");
  return `${client}.${plan.namespace}.${plan.method}(${names.join(", ")})`;
}

/** Emits `resources.ts`. */
export function emitResources(
  model: ApiModel,
  plans: OperationPlan[],
  inputs: string[],
  client: ClientSpec,
): string {
  const namespaces = [...new Set(plans.map((plan) => plan.namespace))].sort();
  const helpers = helpersOf(plans);
  const lines = [
    header(inputs, `The resource namespaces of {@link ${client.name}}, and the class itself.`),
    ...imports(helpers, client),
    "",
  ];
  for (const namespace of namespaces) {
    const members = plans.filter((plan) => plan.namespace === namespace && !plan.servedBy);
    const own = helpers.filter((helper) => helper.namespace === namespace);
    const methods = [
      ...members.map((plan) => ({
        name: plan.method,
        lines: emitMethod(plan, operationSignature(model, plan), [
          ...operationSummary(plan),
          "",
          ...exampleLines(client, [exampleStatement(plan, exampleCall(model, plan))]),
        ]),
      })),
      ...own.map((helper) => ({
        name: helper.method,
        lines: emitMethod(helper, helperSignature(helper, client.types), [
          ...helper.doc,
          "",
          ...exampleLines(client, helper.example),
        ]),
      })),
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
  const lines = coreImports(
    {
      "client.ts": ["AirflowCore"],
      "display.ts": ["ClientBase"],
      "options.ts": ["type ClientOptions", "type RequestOptions"],
      "pagination.ts": ["type PageOptions", "type Paginator"],
      "route.ts": ["callRoute", "type RouteArgs"],
    },
    helpers,
    true,
  );
  if (client.profile) {
    lines.push(`import { ${client.profile.name} } from "${client.profile.module}";`);
  }
  lines.push(
    'import * as fn from "./functions.ts";',
    'import * as op from "./operations.ts";',
    'import type * as T from "./types.ts";',
  );
  return lines;
}

/** The lines of an example: the import, the client, then `body`. */
function exampleLines(client: ClientSpec, body: string[]): string[] {
  return exampleBlock(client.entry, [client.name], "airflow", client.name, body);
}

/** A method that calls its function with the core and its own arguments. */
function emitMethod(
  { namespace, method }: { namespace: string; method: string },
  signature: Signature,
  doc: string[],
): string[] {
  const args = ["this.#core", ...parameterNames(signature.params)];
  return [
    "  /**",
    ...doc.map((line) => `   *${line ? ` ${line}` : ""}`),
    "   */",
    `  ${method}(${signature.params.join(", ")}): ${signature.returns} {`,
    `    return fn.${functionName(namespace, method)}(${args.join(", ")});`,
    "  }",
  ];
}

function exampleCall(api: ApiModel, plan: OperationPlan): string {
  return `airflow.${plan.namespace}.${plan.method}(${sampleArguments(api, plan).join(", ")})`;
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
