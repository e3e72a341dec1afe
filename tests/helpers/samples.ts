/**
 * Builds the smallest valid value for a raw OpenAPI schema of one spec version, so that
 * conformance tests can call every operation with arguments that version accepts.
 *
 * @module
 */

// deno-lint-ignore no-explicit-any
export type Raw = Record<string, any>;

/** Follows a local `$ref`. */
export function resolveRef(document: Raw, value: Raw): Raw {
  if (typeof value?.$ref !== "string") return value;
  const target = value.$ref.replace(/^#\//, "").split("/").reduce(
    (node: Raw | undefined, key: string) => node?.[key],
    document,
  );
  return resolveRef(document, target ?? {});
}

/** A minimal valid value for `schema`: required properties only, first union member. */
export function sampleValue(document: Raw, schema: Raw | undefined, depth = 0): unknown {
  if (!schema || depth > 12) return null;
  const resolved = resolveRef(document, schema);
  if ("const" in resolved) return resolved.const;
  if (Array.isArray(resolved.enum)) return resolved.enum.find((value: unknown) => value !== null);
  if ("default" in resolved && resolved.default !== null && resolved.type !== "object") {
    return resolved.default;
  }
  const union = resolved.anyOf ?? resolved.oneOf;
  if (Array.isArray(union)) {
    const variant = union.find((item: Raw) => item.type !== "null") ?? union[0];
    return sampleValue(document, variant, depth + 1);
  }
  if (Array.isArray(resolved.allOf)) {
    return Object.assign(
      {},
      ...resolved.allOf.map((part: Raw) => sampleValue(document, part, depth + 1)),
    );
  }
  switch (resolved.type) {
    case "string":
      return sampleString(resolved);
    case "integer":
      return Math.max(1, Math.ceil(resolved.minimum ?? 1));
    case "number":
      return Math.max(1, resolved.minimum ?? 1);
    case "boolean":
      return true;
    case "array": {
      const count = Math.max(1, resolved.minItems ?? 1);
      if (Array.isArray(resolved.prefixItems)) {
        return resolved.prefixItems.map((item: Raw) => sampleValue(document, item, depth + 1));
      }
      return Array.from({ length: count }, () => sampleValue(document, resolved.items, depth + 1));
    }
    default: {
      if (!resolved.properties) return {};
      const out: Record<string, unknown> = {};
      for (const key of resolved.required ?? []) {
        out[key] = sampleValue(document, resolved.properties[key], depth + 1);
      }
      return out;
    }
  }
}

function sampleString(schema: Raw): string {
  if (schema.format === "date-time") return "2026-11-20T10:00:00+00:00";
  if (schema.format === "uuid") return "0193e9a4-7c3e-7d7e-9c58-2f3b4a5c6d7e";
  if (schema.format === "duration") return "P1D";
  if (schema.pattern) return "abc";
  const length = Math.max(schema.minLength ?? 1, 1);
  return "x".repeat(Math.min(length, schema.maxLength ?? length));
}
