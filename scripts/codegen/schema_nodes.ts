/**
 * The run-time schemas of one API as trees: the components, and the query, body and answer of
 * each operation. The schema literals and the compiled checks are both written from these, so
 * they cannot disagree.
 *
 * @module
 */
import { answerContext, dependencyOrder, schemaUses } from "./emit_common.ts";
import { ComponentRef, type EmitContext, type SchemaNode, schemaNode } from "./emit_schema.ts";
import type { OperationPlan } from "./operation_plan.ts";
import type { Schema } from "./schema_ir.ts";
import type { ApiModel } from "./spec_model.ts";

const BASE: EmitContext = { schemaPrefix: "", typePrefix: "", input: false };

/** The component schemas, each after the ones it refers to. Answers keep their enums open. */
export function componentNodes(model: ApiModel): Map<string, SchemaNode> {
  const answers = answerContext(model, BASE);
  const { received } = schemaUses(model);
  const isAnswer = (name: string) => received.has(name) && !model.openEnums?.has(name);
  return new Map(
    dependencyOrder(model.schemas).map((name) => [
      name,
      schemaNode(model.schemas.get(name)!, isAnswer(name) ? answers : BASE),
    ]),
  );
}

/** The parts of an operation that are checked. */
export interface OperationNodes {
  /** The query parameters, as one object. */
  query?: SchemaNode;
  /** The JSON body. */
  body?: SchemaNode;
  /** The JSON answer. */
  response?: SchemaNode;
}

/** The query, body and answer schemas of an operation, where it has them. */
export function operationNodes(model: ApiModel, plan: OperationPlan): OperationNodes {
  const op = plan.model;
  const nodes: OperationNodes = {};
  if (plan.queryParams.length > 0) {
    const query: Schema = {
      type: "object",
      properties: Object.fromEntries(plan.queryParams.map((param) => [param.name, param.schema])),
      required: plan.queryParams.filter((param) => param.required).map((param) => param.name),
    };
    nodes.query = schemaNode(query, BASE);
  }
  if (op.body) nodes.body = schemaNode(op.body.schema, BASE);
  if (op.response && op.responseKind === "json") {
    nodes.response = schemaNode(op.response, answerContext(model, BASE));
  }
  return nodes;
}

/**
 * The name, in the checks module, of the check of an operation's part: the component's own
 * check when the part is a component, else one named after the operation.
 */
export function partCheckName(
  plan: OperationPlan,
  part: keyof OperationNodes,
  node: SchemaNode,
): string {
  if (node instanceof ComponentRef) return node.name;
  return `${plan.constName}${part[0].toUpperCase()}${part.slice(1)}`;
}
