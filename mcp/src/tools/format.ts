/**
 * Small pieces of the tools' text answers.
 *
 * @module
 */

/** `1 DAG`, `3 DAGs`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** `success 3, failed 1`, or `none`. */
export function counts(byState: Record<string, number>): string {
  const entries = Object.entries(byState);
  return entries.length ? entries.map(([state, count]) => `${state} ${count}`).join(", ") : "none";
}

/** How many of `items` are in each state (`none` for an unset one). */
export function countStates(items: readonly { state: string | null }[]): Record<string, number> {
  const byState: Record<string, number> = {};
  for (const { state } of items) byState[state ?? "none"] = (byState[state ?? "none"] ?? 0) + 1;
  return byState;
}

/** `text`, cut to `length` characters with an ellipsis. */
export function short(text: string | null, length = 80): string {
  if (!text) return "";
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** `shown of total`, for a list's heading: `12 of 40 DAGs` or `12 DAGs`. */
export function shownOf(shown: number, total: number, noun: string): string {
  return shown < total ? `${shown} of ${plural(total, noun)}` : plural(shown, noun);
}
