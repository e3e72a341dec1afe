/**
 * Answers as the version the fake plays writes them: the serializers build every field any
 * version has, and this walk, driven by the generated table of what differs between versions,
 * drops the fields the version lacks and gives changed fields the version's JSON type.
 *
 * @module
 */
import type { JsonSchema, Operation } from "../core/operation.ts";
import { answerFields, missingOn } from "./generated/versions.ts";

interface SchemaNode {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema;
  anyOf?: JsonSchema[];
}

/** Whether the version lacks the operation, so the fake answers it with a 404. */
export function isMissingOn(operationId: string, version: string): boolean {
  return missingOn[operationId]?.includes(version) ?? false;
}

const affected = new Map<string, boolean>();

/** Whether anything in answers of `schema` differs on `version`; remembered per schema. */
function needsShaping(schema: JsonSchema, version: string, key: string): boolean {
  const known = affected.get(key);
  if (known !== undefined) return known;
  const seen = new Set<JsonSchema>();
  const visit = (node: JsonSchema): boolean => {
    if (seen.has(node)) return false;
    seen.add(node);
    const rules = answerFields.get(node);
    if (
      rules &&
      Object.values(rules).some((rule) =>
        (rule.versions && !rule.versions.includes(version)) || rule.typeOn?.[version]
      )
    ) return true;
    return children(node as SchemaNode).some(visit);
  };
  const answer = visit(schema);
  affected.set(key, answer);
  return answer;
}

function children(node: SchemaNode): JsonSchema[] {
  return [
    ...Object.values(node.properties ?? {}),
    ...(node.items ? [node.items] : []),
    ...(node.additionalProperties ? [node.additionalProperties] : []),
    ...(node.anyOf ?? []),
  ];
}

/**
 * A handler's answer to `operation` as Airflow `version` sends it: a JSON success answer whose
 * schema holds anything that differs on that version is rewritten; any other is returned as is.
 */
export async function shapeResponse(
  response: Response,
  operation: Operation,
  version: string,
): Promise<Response> {
  const schema = operation.response;
  if (!schema || !response.ok) return response;
  if (!(response.headers.get("content-type") ?? "").startsWith("application/json")) {
    return response;
  }
  if (!needsShaping(schema, version, `${operation.id}@${version}`)) return response;
  const shaped = shape(schema as SchemaNode, await response.json(), version);
  return new Response(JSON.stringify(shaped), {
    status: response.status,
    headers: response.headers,
  });
}

function shape(node: SchemaNode, value: unknown, version: string): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    return node.items ? value.map((item) => shape(node.items as SchemaNode, item, version)) : value;
  }
  const record = value as Record<string, unknown>;
  if (node.anyOf) {
    const member = node.anyOf.find((candidate) => fits(candidate as SchemaNode, record));
    return member ? shape(member as SchemaNode, value, version) : value;
  }
  const rules = answerFields.get(node);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    const rule = rules?.[key];
    if (rule?.versions && !rule.versions.includes(version)) continue;
    const type = rule?.typeOn?.[version];
    const property = node.properties?.[key] ?? node.additionalProperties;
    const shaped = property ? shape(property as SchemaNode, item, version) : item;
    out[key] = type ? retype(shaped, type) : shaped;
  }
  return out;
}

/** Whether an object could be an instance of the object schema `node`. */
function fits(node: SchemaNode, record: Record<string, unknown>): boolean {
  if (node.type !== "object") return false;
  return (node.required ?? []).every((key) => key in record);
}

function retype(value: unknown, type: string): unknown {
  if (type === "boolean" && typeof value === "number") return value !== 0;
  if ((type === "number" || type === "integer") && typeof value === "boolean") return Number(value);
  return value;
}
