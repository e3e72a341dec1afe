/**
 * Emits the functions module: one exported function per operation and per hand-written helper,
 * taking the client core first. A bundle that imports a few of them carries only their
 * operations, schemas and checks; the namespaces' methods call them.
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

/** The typed parameters after `core`, the return type, and the statements that make the call. */
export interface Signature {
  params: string[];
  returns: string;
  body: string;
}

/**
 * The function of the method `namespace.method`: the two run together, so that
 * `airflow.dagRuns.trigger` is `dagRunsTrigger`.
 */
export function functionName(namespace: string, method: string): string {
  return `${namespace}${pascalCase(method)}`;
}

/** The parameters' names, as a call passes them on. */
export function parameterNames(params: string[]): string[] {
  return params.map((param) => param.replace(/\??:.*$/s, ""));
}

/** The function's signature for an operation. */
export function operationSignature(api: ApiModel, plan: OperationPlan): Signature {
  const { model } = plan;
  const params = plan.pathParams.map((param) =>
    `${param.arg}: ${param.kind === "integer" ? "number" : "string"}`
  );
  const path = `[${plan.pathParams.map((param) => param.arg).join(", ")}]`;
  if (model.body) {
    const optional = bodyRequired(api, model) ? "" : "?";
    const type = typeExpression(model.body.schema, {
      schemaPrefix: "T.",
      typePrefix: "T.",
      input: true,
    });
    params.push(`body${optional}: ${type}`);
  }
  const hasQuery = plan.queryParams.length > 0;
  if (plan.page) {
    params.push(`query?: Omit<T.${queryTypeName(plan)}, "limit" | "offset"> & PageOptions`);
  } else if (hasQuery) {
    const required = plan.queryParams.some((param) => param.required);
    params.push(`query${required ? "" : "?"}: T.${queryTypeName(plan)}`);
  }
  params.push("options?: RequestOptions");
  const operation = `op.${plan.constName}`;
  if (plan.page) {
    const pageType = responseType(api, plan, "T.");
    const itemsType = `${pageType}[${JSON.stringify(plan.page.items)}]`;
    const itemType = `${plan.page.required ? itemsType : `NonNullable<${itemsType}>`}[number]`;
    return {
      params,
      returns: `Paginator<${itemType}, ${pageType}>`,
      body: `return paginate(core, ${operation}, ${path}, query, options);`,
    };
  }
  const args = `{ path: ${path}${model.body ? ", body" : ""}${hasQuery ? ", query" : ""} }`;
  return {
    params,
    returns: `Promise<${responseType(api, plan, "T.")}>`,
    body: `return core.call(${operation}, ${args}, options);`,
  };
}

/** A helper's signature, its type placeholders (`{Run}`) filled with the version's types. */
export function helperSignature(helper: Helper, types: Record<string, string>): Signature {
  const returns = helper.returns.replace(/\{(\w+)\}/g, (_, name: string) => {
    const type = types[name];
    if (!type) throw new Error(`${helperName(helper)}: no type for {${name}}`);
    return type;
  });
  return { params: helper.params, returns, body: helper.body };
}

/** The arguments of one call that passes the operation's checks, as source. */
export function sampleArguments(api: ApiModel, plan: OperationPlan): string[] {
  const args = plan.pathParams.map((param) => sampleArgument(param.name, param.kind));
  const { body } = plan.model;
  const required = plan.queryParams.filter((param) => param.required);
  if (body && (bodyRequired(api, plan.model) || required.length > 0)) {
    args.push(sampleLiteral(body.schema, api.schemas));
  }
  if (required.length > 0) {
    const fields = required.map((param) =>
      `${param.name}: ${sampleLiteral(param.schema, api.schemas, param.name)}`
    );
    args.push(`{ ${fields.join(", ")} }`);
  }
  return args;
}

/** One statement that makes `call` and shows what it gives. */
export function exampleStatement(plan: OperationPlan, call: string): string {
  if (plan.page) return `for await (const item of ${call}) console.log(item);`;
  if (plan.model.responseKind === "none") return `await ${call};`;
  return `console.log(await ${call});`;
}

/** Throws if two of the functions `functions.ts` would export have one name. */
function refuseNameClashes(plans: OperationPlan[], helpers: Helper[]): void {
  const names = new Set<string>();
  for (const { namespace, method } of [...plans, ...helpers]) {
    const name = functionName(namespace, method);
    if (names.has(name)) throw new Error(`two functions are named ${name}`);
    names.add(name);
  }
}

/** The helpers a version has: those whose namespace it has. */
export function helpersOf(plans: OperationPlan[]): Helper[] {
  const namespaces = new Set(plans.map((plan) => plan.namespace));
  return HELPERS.filter((helper) => namespaces.has(helper.namespace));
}

/** Emits `functions.ts`. */
export function emitFunctions(
  api: ApiModel,
  plans: OperationPlan[],
  inputs: string[],
  types: Record<string, string>,
  bareEntry?: string,
): string {
  const helpers = helpersOf(plans);
  const served = plans.filter((plan) => !plan.servedBy);
  refuseNameClashes(served, helpers);
  const purpose =
    "One function per operation, the client core first: bundles keep only those used.";
  const lines = [header(inputs, purpose), ...imports(helpers), ""];
  const entries = [
    ...served.map((plan) => ({
      name: functionName(plan.namespace, plan.method),
      signature: operationSignature(api, plan),
      doc: operationDoc(api, plan, bareEntry),
    })),
    ...helpers.map((helper) => ({
      name: functionName(helper.namespace, helper.method),
      signature: helperSignature(helper, types),
      doc: helperDoc(helper, plans, bareEntry),
    })),
  ].sort((a, b) => a.name.localeCompare(b.name));
  for (const { name, signature, doc } of entries) {
    lines.push(
      "/**",
      ...doc.map((line) => ` *${line ? ` ${line}` : ""}`),
      " */",
      `export function ${name}(`,
      `  core: AirflowCore,`,
      ...signature.params.map((param) => `  ${param},`),
      `): ${signature.returns} {`,
      ...signature.body.split("\n").map((line) => `  ${line}`),
      "}",
      "",
    );
  }
  return lines.join("\n");
}

function imports(helpers: Helper[]): string[] {
  const lines = coreImports(
    {
      "client.ts": ["type AirflowCore"],
      "list_call.ts": ["paginate"],
      "options.ts": ["type RequestOptions"],
      "pagination.ts": ["type PageOptions", "type Paginator"],
    },
    helpers,
    false,
  );
  const endpoints = [...new Set(helpers.flatMap((helper) => helper.endpoints))].sort();
  if (endpoints.length > 0) {
    lines.push(`import { ${endpoints.join(", ")} } from "../endpoints.ts";`);
  }
  lines.push('import * as op from "./operations.ts";', 'import type * as T from "./types.ts";');
  return lines;
}

/**
 * `import` lines for `src/core/` modules: `base` (file → names, `type X` for a type) and what
 * the helpers need, only their types if `typesOnly`.
 */
export function coreImports(
  base: Record<string, string[]>,
  helpers: Helper[],
  typesOnly: boolean,
): string[] {
  const core = new Map(Object.entries(base).map(([file, names]) => [file, new Set(names)]));
  for (const helper of helpers) {
    for (const [file, names] of Object.entries(helper.core)) {
      const wanted = names.filter((name) => !typesOnly || name.startsWith("type "));
      if (wanted.length === 0) continue;
      const set = core.get(file) ?? new Set<string>();
      for (const name of wanted) set.add(name);
      core.set(file, set);
    }
  }
  const sortKey = (name: string) => name.replace(/^type /, "");
  return [...core].sort(([a], [b]) => a.localeCompare(b)).map(([file, names]) => {
    const sorted = [...names].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    return sorted.every((name) => name.startsWith("type "))
      ? `import type { ${sorted.map(sortKey).join(", ")} } from "../../core/${file}";`
      : `import { ${sorted.join(", ")} } from "../../core/${file}";`;
  });
}

/** A function's summary line: its route, operation and the versions that have it. */
export function operationSummary(plan: OperationPlan): string[] {
  const { model } = plan;
  const summary = [`\`${plan.route}\` (\`${model.id}\`), on Airflow ${model.versions.join(", ")}.`];
  if (model.deprecated) summary.push("", "@deprecated The spec marks the operation deprecated.");
  if (plan.page) {
    summary.push("Iterate the result with `for await` for every item, or call `.pages()`.");
  }
  return summary;
}

function operationDoc(api: ApiModel, plan: OperationPlan, bareEntry?: string): string[] {
  const doc = [
    ...operationSummary(plan),
    `The function form of \`airflow.${plan.namespace}.${plan.method}()\`.`,
  ];
  if (!bareEntry) return doc;
  const name = functionName(plan.namespace, plan.method);
  const call = `${name}(${["core", ...sampleArguments(api, plan)].join(", ")})`;
  return [...doc, "", ...bareExample(bareEntry, [name], [exampleStatement(plan, call)])];
}

function helperDoc(helper: Helper, plans: OperationPlan[], bareEntry?: string): string[] {
  const doc = [...helper.doc, "", `The function form of \`airflow.${helperName(helper)}()\`.`];
  if (!bareEntry) return doc;
  // The helper's example calls methods of `airflow`; here each becomes its function.
  const callees = new Set(plans.map((plan) => `${plan.namespace}.${plan.method}`));
  const used = new Set<string>();
  const example = helper.example.map((line) =>
    line.replace(/airflow\.(\w+\.\w+)\(/g, (_call, method: string) => {
      const [namespace, name] = method.split(".");
      if (method !== helperName(helper) && !callees.has(method)) {
        throw new Error(`${helperName(helper)}'s example calls unknown ${method}`);
      }
      used.add(functionName(namespace, name));
      return `${functionName(namespace, name)}(core, `;
    }).replace(/\(core, \)/g, "(core)").replace(/\(core, $/, "(core,")
  );
  return [...doc, "", ...bareExample(bareEntry, [...used].sort(), example)];
}

/**
 * An `@example` that imports `names` from `entry`, builds `variable` as a `className` on a local
 * Airflow with a token, then runs `body`.
 */
export function exampleBlock(
  entry: string,
  names: string[],
  variable: string,
  className: string,
  body: string[],
): string[] {
  return [
    "@example",
    "```ts",
    `import { ${names.join(", ")} } from "${entry}";`,
    "",
    `const ${variable} = new ${className}({ baseUrl: "http://localhost:8080", auth: { token: "t" } });`,
    ...body,
    "```",
  ];
}

function bareExample(entry: string, names: string[], body: string[]): string[] {
  return exampleBlock(entry, ["AirflowCore", ...names], "core", "AirflowCore", body);
}
