/**
 * Names like a name that was not found, for "DAG etl not found; similar: etl_daily".
 *
 * @module
 */

function normal(name: string): string {
  return name.toLowerCase().replace(/[\s_.\-]+/g, "_");
}

/** Edits (insert, delete, replace) from `a` to `b`. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, replace));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The `candidates` most like `wanted`, best first: those that contain it or that it contains,
 * then those a few edits away; at most `count`.
 *
 * @example
 * ```ts ignore
 * similarNames("etl", ["etl_daily", "reporting"]); // ["etl_daily"]
 * ```
 */
export function similarNames(wanted: string, candidates: readonly string[], count = 5): string[] {
  const target = normal(wanted);
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(candidates)) {
    if (name === wanted) continue;
    const other = normal(name);
    const edits = distance(target, other);
    const contains = Math.min(target.length, other.length) >= 3 &&
      (other.includes(target) || target.includes(other));
    if (contains) scored.push({ name, score: edits / 100 });
    else if (edits <= Math.max(1, Math.floor(target.length * 0.4))) {
      scored.push({ name, score: edits });
    }
  }
  return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, count)
    .map(({ name }) => name);
}
