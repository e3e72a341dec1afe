/**
 * Values to check schemas with: built from a schema so that most match it, damaged at random
 * places so that many do not, and odd values that no schema expects.
 */

type Node = Record<string, unknown>;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values at the edges of JSON and beyond it. */
export const ODD_VALUES: readonly unknown[] = [
  null,
  undefined,
  "",
  "x",
  "\u{1F600}\u{1F600}",
  "\u{1F600}",
  0,
  -0,
  -1,
  1.5,
  2 ** 53,
  NaN,
  Infinity,
  true,
  [],
  [1],
  {},
  { nested: [null] },
  new Date(0),
  Object.create(null),
];

/** A value shaped by `schema`, mostly valid, sometimes not. */
export function sample(schema: unknown, next: () => number, depth = 0): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  if (next() < 0.04 || depth > 8) return pick(ODD_VALUES);
  if (schema === true || schema === undefined) return pick(ODD_VALUES);
  const node = schema as Node;
  if (Array.isArray(node.anyOf)) return sample(pick(node.anyOf), next, depth + 1);
  if ("const" in node) return node.const;
  switch (node.type) {
    case "string": {
      const length = Math.floor(next() * 6);
      return pick(["", "a", "é", "\u{1F600}"]).repeat(length);
    }
    case "integer":
      return Math.floor(next() * 20) - 3;
    case "number":
      return pick([0, 1.25, -7, 1e9, 3]);
    case "boolean":
      return next() < 0.5;
    case "null":
      return null;
    case "array": {
      if (Array.isArray(node.items)) {
        const tuple = node.items.map((item) => sample(item, next, depth + 1));
        return next() < 0.1 ? [...tuple, "extra"] : tuple;
      }
      const length = Math.floor(next() * 4);
      return Array.from({ length }, () => sample(node.items, next, depth + 1));
    }
    case "object": {
      const out: Record<string, unknown> = {};
      const required = new Set((node.required ?? []) as string[]);
      for (const [key, value] of Object.entries((node.properties ?? {}) as Node)) {
        const include = required.has(key) ? next() < 0.97 : next() < 0.6;
        if (include) out[key] = next() < 0.02 ? undefined : sample(value, next, depth + 1);
      }
      if (next() < 0.3) out[`extra_${Math.floor(next() * 3)}`] = pick(ODD_VALUES);
      return out;
    }
    default:
      return pick(ODD_VALUES);
  }
}
