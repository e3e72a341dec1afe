/**
 * Key order as a server that does not keep it sends JSON (Prism, or any server that builds its
 * objects from a hash map): each object's keys in a random order of their own, so that a client
 * sees objects of many shapes where a real Airflow sends one.
 *
 * @module
 */

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `value` as JSON text with every object's keys shuffled, the same for the same `seed`. */
export function shuffledJson(value: unknown, seed: number): string {
  const next = random(seed);
  return JSON.stringify(value, (_key, item) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) return item;
    const entries = Object.entries(item);
    for (let index = entries.length - 1; index > 0; index--) {
      const other = Math.floor(next() * (index + 1));
      [entries[index], entries[other]] = [entries[other], entries[index]];
    }
    return Object.fromEntries(entries);
  });
}
