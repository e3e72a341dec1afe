/**
 * Emits the checks module: one function per component schema and per operation part that is
 * not a bare component, compiled ahead of time by {@link CheckCompiler}, so that checking needs
 * neither a schema compiler nor code built at run time.
 *
 * @module
 */
import { CheckCompiler, parameter } from "./check_compiler.ts";
import { header } from "./emit_common.ts";
import { ComponentRef } from "./emit_schema.ts";
import type { OperationPlan } from "./operation_plan.ts";
import {
  componentNodes,
  type OperationNodes,
  operationNodes,
  partCheckName,
} from "./schema_nodes.ts";
import type { ApiModel } from "./spec_model.ts";

/** Globals the checks call, which no check may be named after. */
const GLOBALS_USED = new Set([
  "Array",
  "Number",
  "Object",
  "isString",
  "isNumber",
  "isInteger",
  "isBoolean",
  "isObject",
  "isArray",
  "codePoints",
]);

/** Emits `checks.ts`. */
export function emitChecks(model: ApiModel, plans: OperationPlan[], inputs: string[]): string {
  const components = componentNodes(model);
  const compiler = new CheckCompiler(components);
  const lines = [
    header(
      inputs,
      "Checks of the run-time schemas, compiled ahead of time: whether a value matches each schema, as TypeBox's `Check` would answer.",
    ),
    "// deno-lint-ignore-file no-explicit-any prefer-const",
    "",
  ];
  const exported = (name: string, doc: string, body: string[]) => {
    if (GLOBALS_USED.has(name)) throw new Error(`a check cannot be named ${name}`);
    lines.push(
      `/** ${doc} */`,
      `export function ${name}(${parameter(body)}: any): boolean {`,
      ...body.map((line) => `  ${line}`),
      "}",
      "",
    );
  };
  for (const [name, node] of components) {
    exported(name, `Whether a value matches the \`${name}\` schema.`, compiler.functionBody(node));
  }
  for (const plan of plans) {
    const nodes = operationNodes(model, plan);
    for (const part of ["query", "body", "response"] as (keyof OperationNodes)[]) {
      const node = nodes[part];
      if (!node || node instanceof ComponentRef) continue;
      exported(
        partCheckName(plan, part, node),
        `Whether a value is a valid ${part} of \`${plan.route}\`.`,
        compiler.functionBody(node),
      );
    }
  }
  lines.push(...compiler.localFunctions());
  return lines.join("\n");
}
