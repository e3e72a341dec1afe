/**
 * Emits the run-time schemas module (plain JSON Schema) and the operations module: one
 * descriptor per operation, and the table of all of them by route.
 *
 * @module
 */
import { dependencyOrder, header } from "./emit_common.ts";
import { type EmitContext, schemaLiteral } from "./emit_schema.ts";
import type { Schema } from "./schema_ir.ts";
import type { OperationPlan } from "./operation_plan.ts";
import type { ApiModel } from "./spec_model.ts";

/** Emits `schemas.ts`. */
export function emitSchemas(model: ApiModel, inputs: string[]): string {
  const ctx: EmitContext = { schemaPrefix: "", typePrefix: "", input: false };
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
  for (const name of dependencyOrder(model.schemas)) {
    lines.push(
      `/** Run-time schema of the \`${name}\` type. */`,
      `export const ${name}: JsonSchema = ${schemaLiteral(model.schemas.get(name)!, ctx)};`,
      "",
    );
  }
  return lines.join("\n");
}

/** Emits `operations.ts`; `pathPrefix` is what the spec's paths lack, such as `/api/v1`. */
export function emitOperations(plans: OperationPlan[], inputs: string[], pathPrefix = ""): string {
  const ctx: EmitContext = { schemaPrefix: "S.", typePrefix: "", input: true };
  const lines = [
    header(inputs, "One descriptor per REST operation, and the table of all of them by route."),
    'import type { Operation } from "../../core/operation.ts";',
    'import * as S from "./schemas.ts";',
    "",
  ];
  for (const plan of plans) {
    const { model } = plan;
    const fields = [
      `id: ${JSON.stringify(model.id)}`,
      `method: ${JSON.stringify(model.method)}`,
      `path: ${JSON.stringify(model.path)}`,
      `pathParams: [${
        plan.pathParams.map((p) => `{ name: ${JSON.stringify(p.name)}, kind: "${p.kind}" }`).join(
          ", ",
        )
      }]`,
    ];
    if (plan.queryParams.length > 0) {
      const query: Schema = {
        type: "object",
        properties: Object.fromEntries(plan.queryParams.map((param) => [param.name, param.schema])),
        required: plan.queryParams.filter((param) => param.required).map((param) => param.name),
      };
      fields.push(`query: ${schemaLiteral(query, ctx)}`);
      const joined = plan.queryParams.filter((param) => param.commaSeparated);
      if (joined.length > 0) {
        fields.push(`commaSeparated: ${JSON.stringify(joined.map((param) => param.name))}`);
      }
    }
    if (model.body) {
      fields.push(`body: ${schemaLiteral(model.body.schema, ctx)}`);
      fields.push(`bodyRequired: ${model.body.required}`);
    }
    if (model.response && model.responseKind === "json") {
      fields.push(`response: ${schemaLiteral(model.response, ctx)}`);
    }
    fields.push(`responseKind: "${model.responseKind}"`, `auth: ${model.secured}`);
    if (plan.page) fields.push(`page: { items: ${JSON.stringify(plan.page.items)} }`);
    lines.push(
      `/** \`${plan.route}\` (\`${model.id}\`), on Airflow ${model.versions.join(", ")}. */`,
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
