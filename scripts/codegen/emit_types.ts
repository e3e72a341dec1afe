/**
 * Emits the TypeScript types module: one type per component schema, one query interface per
 * operation that takes query parameters, and the `Routes` map behind `request()`.
 *
 * @module
 */
import {
  answerContext,
  bodyRequired,
  dependencyOrder,
  header,
  inputOnlySchemas,
  minorVersion,
  schemaUses,
} from "./emit_common.ts";
import {
  docComment,
  type EmitContext,
  objectMembers,
  propertyKey,
  typeExpression,
} from "./emit_schema.ts";
import { fieldDoc } from "./field_docs.ts";
import type { OperationPlan } from "./operation_plan.ts";
import type { Schema } from "./schema_ir.ts";
import type { ApiModel } from "./spec_model.ts";

const OUTPUT: EmitContext = { schemaPrefix: "", typePrefix: "", input: false };
const INPUT: EmitContext = { schemaPrefix: "", typePrefix: "", input: true };

/** Name of the query interface of an operation. */
export function queryTypeName(plan: OperationPlan): string {
  return `${plan.constName.charAt(0).toUpperCase()}${plan.constName.slice(1)}Query`;
}

/** The type a call resolves to, written with `prefix` before component names. */
export function responseType(api: ApiModel, plan: OperationPlan, prefix: string): string {
  const { model } = plan;
  if (model.responseKind === "text") return "string";
  if (model.responseKind === "none" || !model.response) return "void";
  const ctx = answerContext(api, { schemaPrefix: prefix, typePrefix: prefix, input: false });
  return typeExpression(model.response, ctx);
}

/** Emits `types.ts`. */
export function emitTypes(model: ApiModel, plans: OperationPlan[], inputs: string[]): string {
  const inputOnly = inputOnlySchemas(model);
  const { sent, received } = schemaUses(model);
  const lines = [
    header(inputs, "TypeScript types of the Airflow REST API's schemas and operations."),
  ];
  const answers = answerContext(model, OUTPUT);
  for (const name of dependencyOrder(model.schemas)) {
    const schema = model.schemas.get(name)!;
    const isEnum = model.openEnums?.has(name) ?? false;
    const ctx = inputOnly.has(name) ? INPUT : isEnum ? OUTPUT : answers;
    const versions = model.schemaVersions.get(name)!.join(", ");
    const role = inputOnly.has(name) ? "sent to" : "exchanged with";
    lines.push(`/** \`${name}\`, ${role} Airflow ${versions}. */`);
    if (schema.type === "object" && schema.properties) {
      const all = model.schemaVersions.get(name)!;
      const props = model.propertyVersions.get(name)!;
      const defaults = clientDefaultsOf(model, name, inputOnly);
      const docs = (key: string) => [
        fieldDoc(key) + versionNote(props.get(key) ?? all, all) +
        flagDoc(key, schema, sent.has(name), received.has(name)) +
        (key in defaults ? ` Sent as \`${JSON.stringify(defaults[key])}\` when left out.` : ""),
        ...tags(schema.properties?.[key]),
      ];
      const typed = Object.keys(defaults).length === 0 ? schema : {
        ...schema,
        required: schema.required?.filter((key) => !(key in defaults)),
      };
      lines.push(`export interface ${name} {`, ...objectMembers(typed, ctx, docs), "}");
    } else {
      lines.push(`export type ${name} = ${typeExpression(schema, ctx)};`);
    }
    lines.push("");
  }
  for (const plan of plans) {
    if (plan.queryParams.length === 0) continue;
    lines.push(
      `/** Query parameters of \`${plan.model.id}\` (\`${plan.route}\`). */`,
      `export interface ${queryTypeName(plan)} {`,
      ...plan.queryParams.flatMap((param) => [
        docComment([
          fieldDoc(param.name) + versionNote(param.versions ?? [], plan.model.versions),
          ...tags(param.schema),
        ], "  "),
        `  ${propertyKey(param.name)}${param.required ? "" : "?"}: ${
          typeExpression(param.schema, INPUT)
        };`,
      ]),
      "}",
      "",
    );
  }
  lines.push(
    "/** Every operation by `METHOD /path`, with the parameters and result of `request()`. */",
    "export interface Routes {",
  );
  for (const plan of plans) {
    lines.push(
      `  /** \`${plan.model.id}\`. */`,
      `  ${JSON.stringify(plan.route)}: {`,
      "    /** Path, query and body parameters. */",
      `    params: ${routeParams(model, plan)};`,
      "    /** What the call resolves to. */",
      `    response: ${responseType(model, plan, "")};`,
      "  };",
    );
  }
  lines.push("}", "");
  return lines.join("\n");
}

function routeParams(api: ApiModel, plan: OperationPlan): string {
  const members = plan.pathParams.map((param) =>
    `${propertyKey(param.name)}: ${param.kind === "integer" ? "number" : "string"};`
  );
  const body = plan.model.body;
  if (body) {
    const optional = bodyRequired(api, plan.model) ? "" : "?";
    members.push(`body${optional}: ${typeExpression(body.schema, INPUT)};`);
  }
  const parts = members.length > 0 ? [`{ ${members.join(" ")} }`] : [];
  if (plan.queryParams.length > 0) parts.push(queryTypeName(plan));
  return parts.length > 0 ? parts.join(" & ") : "Record<string, never>";
}

/** Where a member exists, when not in every version that has its schema. */
export function versionNote(versions: string[], all: string[]): string {
  if (versions.length === all.length) return "";
  const suffix = versions.every((version, index) =>
    version === all[all.length - versions.length + index]
  );
  return suffix
    ? ` Since Airflow ${minorVersion(versions[0])}.`
    : ` Airflow ${versions.join(", ")} only.`;
}

/** The `@default` and `@deprecated` lines of a member. */
function tags(schema: Schema | undefined): string[] {
  const lines: string[] = [];
  if (schema?.default !== undefined) lines.push(`@default ${JSON.stringify(schema.default)}`);
  if (schema?.deprecated) lines.push("@deprecated The spec marks it deprecated.");
  return lines.length > 0 ? ["", ...lines] : [];
}

/**
 * The values the client sends for properties of `name` that the caller leaves out; such
 * properties are optional in its type. Only a schema that is never received may have them.
 */
function clientDefaultsOf(
  model: ApiModel,
  name: string,
  inputOnly: Set<string>,
): Record<string, unknown> {
  const defaults = model.clientDefaults.get(name) ?? {};
  if (Object.keys(defaults).length > 0 && !inputOnly.has(name)) {
    throw new Error(`${name} has client defaults but answers carry it too`);
  }
  return defaults;
}

/** What a member's `readOnly` or `writeOnly` means where the schema is used that way. */
function flagDoc(key: string, schema: Schema, sent: boolean, received: boolean): string {
  if (sent && schema.readOnly?.includes(key)) return " Read-only: leave it out of requests.";
  if (received && schema.writeOnly?.includes(key)) return " Write-only: responses leave it out.";
  return "";
}
