/**
 * Emits the run-time schemas module (plain JSON Schema) and the operations module: one
 * descriptor per operation, and the table of all of them by route.
 *
 * @module
 */
import { bodyDefaults, bodyFieldVersions, bodyRequired, header } from "./emit_common.ts";
import { type EmitContext, nodeText, schemaLiteral } from "./emit_schema.ts";
import { canonical, inlineRefs } from "./schema_ir.ts";
import type { OperationPlan } from "./operation_plan.ts";
import { componentNodes, operationNodes, partCheckName } from "./schema_nodes.ts";
import type { ApiModel } from "./spec_model.ts";

/** Emits `schemas.ts`. */
export function emitSchemas(model: ApiModel, inputs: string[]): string {
  const lines = [
    header(
      inputs,
      model.versions.length > 1
        ? "JSON Schemas of the Airflow REST API, merged across versions so that any of them validates."
        : `JSON Schemas of the Airflow REST API as Airflow ${model.versions[0]} defines it.`,
    ),
    'import type { JsonSchema } from "../../core/operation.ts";',
    "",
  ];
  for (const [name, node] of componentNodes(model)) {
    lines.push(
      `/** Run-time schema of the \`${name}\` type. */`,
      `export const ${name}: JsonSchema = ${nodeText(node, "")};`,
      "",
    );
  }
  return lines.join("\n");
}

/** Emits `operations.ts`. */
export function emitOperations(model: ApiModel, plans: OperationPlan[], inputs: string[]): string {
  const { pathPrefix } = model;
  const lines = [
    header(inputs, "One descriptor per REST operation, and the table of all of them by route."),
    'import type { Operation } from "../../core/operation.ts";',
    'import * as C from "./checks.ts";',
    'import * as S from "./schemas.ts";',
    "",
  ];
  for (const plan of plans) {
    const op = plan.model;
    const fields = [
      `id: ${JSON.stringify(op.id)}`,
      `method: ${JSON.stringify(op.method)}`,
      `path: ${JSON.stringify(op.path)}`,
      `pathParams: [${
        plan.pathParams.map((p) => `{ name: ${JSON.stringify(p.name)}, kind: "${p.kind}" }`).join(
          ", ",
        )
      }]`,
    ];
    const nodes = operationNodes(model, plan);
    if (nodes.query) {
      fields.push(`query: ${nodeText(nodes.query, "S.")}`);
      fields.push(`queryCheck: C.${partCheckName(plan, "query", nodes.query)}`);
      const joined = plan.queryParams.filter((param) => param.commaSeparated);
      if (joined.length > 0) {
        fields.push(`commaSeparated: ${JSON.stringify(joined.map((param) => param.name))}`);
      }
    }
    if (op.body && nodes.body) {
      fields.push(`body: ${nodeText(nodes.body, "S.")}`);
      fields.push(`bodyCheck: C.${partCheckName(plan, "body", nodes.body)}`);
      fields.push(`bodyRequired: ${bodyRequired(model, op)}`);
      const defaults = bodyDefaults(model, op);
      if (Object.keys(defaults).length > 0) {
        fields.push(`bodyDefaults: ${JSON.stringify(defaults)}`);
      }
      const limits = bodyFieldVersions(model, op);
      if (Object.keys(limits).length > 0) fields.push(`bodyVersions: ${JSON.stringify(limits)}`);
    }
    if (nodes.response) {
      fields.push(`response: ${nodeText(nodes.response, "S.")}`);
      fields.push(`responseCheck: C.${partCheckName(plan, "response", nodes.response)}`);
    }
    fields.push(`responseKind: "${op.responseKind}"`, `auth: ${op.secured}`);
    if (plan.page) fields.push(`page: { items: ${JSON.stringify(plan.page.items)} }`);
    if (plan.servedBy) fields.push(`servedBy: ${JSON.stringify(plan.servedBy)}`);
    lines.push(
      `/** \`${plan.route}\` (\`${op.id}\`), on Airflow ${op.versions.join(", ")}. */`,
      `export const ${plan.constName}: Operation = { ${fields.join(", ")} };`,
      "",
    );
  }
  lines.push(
    pathPrefix
      ? `/** Every operation, keyed by \`METHOD /path\` as in the spec with \`${pathPrefix}\` in front. */`
      : "/** Every operation, keyed by `METHOD /path` as in the spec. */",
    "export const routes: Readonly<Record<string, Operation>> = {",
    ...plans.map((plan) => `  ${JSON.stringify(plan.route)}: ${plan.constName},`),
    "};",
    "",
  );
  return lines.join("\n");
}

/**
 * Emits the request bodies as the server takes them, for the operations where a correction
 * narrowed what the client sends: the fake Airflow checks bodies against these instead.
 * Component references are written out, so the module needs no other.
 */
export function emitServerBodies(client: ApiModel, server: ApiModel, inputs: string[]): string {
  const ctx: EmitContext = { schemaPrefix: "", typePrefix: "", input: true };
  const lines = [
    header(
      inputs,
      "Request bodies as Airflow's server takes them, where the client sends less: the fake checks these.",
    ),
    'import type { JsonSchema } from "../../core/operation.ts";',
    "",
    "/** Body schemas by operation id. */",
    "export const serverBodies: Readonly<Record<string, JsonSchema>> = {",
  ];
  for (const op of server.operations) {
    const clientOp = client.operations.find((candidate) => candidate.id === op.id);
    if (!op.body || !clientOp?.body) continue;
    const taken = inlineRefs(op.body.schema, server.schemas);
    if (canonical(taken) === canonical(inlineRefs(clientOp.body.schema, client.schemas))) continue;
    lines.push(`  ${op.id}: ${schemaLiteral(taken, ctx)},`);
  }
  lines.push("};", "");
  return lines.join("\n");
}
