/**
 * Matches a request's method and path against the spec's route table. Literal segments win
 * over `{param}` segments, so `.../taskInstances/{task_id}/tries` is not taken for a map index.
 *
 * @module
 */
import type { Operation } from "../core/operation.ts";

/** What a method and path resolve to. */
export type Resolution =
  | { kind: "match"; operation: Operation; params: Record<string, string> }
  | { kind: "method_not_allowed" }
  | { kind: "not_found" };

interface CompiledRoute {
  operation: Operation;
  segments: string[];
  rank: string;
}

/** Builds a resolver over `routes` (keys `"METHOD /path/{param}"`). */
export function createRouter(
  routes: Record<string, Operation>,
): (method: string, pathname: string) => Resolution {
  const compiled: CompiledRoute[] = Object.values(routes).map((operation) => {
    const segments = operation.path.split("/").slice(1);
    const rank = segments.map((segment) => (isParam(segment) ? "1" : "0")).join("");
    return { operation, segments, rank };
  }).sort((a, b) => a.rank.localeCompare(b.rank));
  return (method, pathname) => {
    let parts: string[];
    try {
      parts = pathname.split("/").slice(1).map(decodeURIComponent);
    } catch {
      return { kind: "not_found" };
    }
    let pathMatched = false;
    for (const route of compiled) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.operation.method === method) {
        return { kind: "match", operation: route.operation, params };
      }
    }
    return pathMatched ? { kind: "method_not_allowed" } : { kind: "not_found" };
  };
}

function isParam(segment: string): boolean {
  return segment.startsWith("{") && segment.endsWith("}");
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | undefined {
  if (template.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < template.length; index++) {
    const segment = template[index];
    if (isParam(segment)) {
      if (parts[index] === "") return undefined;
      params[segment.slice(1, -1)] = parts[index];
    } else if (segment !== parts[index]) {
      return undefined;
    }
  }
  return params;
}
