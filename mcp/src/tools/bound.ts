/**
 * Keeping an answer under a size: the structured value by cutting its longest texts, then
 * dropping items from its largest lists (and keys from its largest free-form objects) until its
 * JSON fits, saying what was dropped; the text by whole lines. Credentials are scrubbed from
 * every string first.
 *
 * @module
 */

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Bytes kept free in a value that had to be cut, for the note that says what was. */
export const NOTE_ROOM = 500;

/** Objects with more keys than this are free-form data (a run's conf), cut like lists. */
const FREE_FORM_KEYS = 20;

/** `value` as plain JSON data, every string passed through `map`. */
function plain(value: unknown, map: (text: string) => string): Json {
  const copy = JSON.parse(JSON.stringify(value ?? null));
  const stack: Json[] = [copy];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    const entries = Array.isArray(node) ? node.entries() : Object.entries(node);
    for (const [key, child] of entries) {
      if (typeof child === "string") (node as Record<string, Json>)[key] = map(child);
      else if (child !== null && typeof child === "object") stack.push(child);
    }
  }
  return copy;
}

/** Replaces each of `secrets` in `text` with `[redacted]`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && result.includes(secret)) {
      result = result.split(secret).join("[redacted]");
    }
  }
  return result;
}

interface Container {
  path: string;
  node: Json[] | { [key: string]: Json };
  bytes: number;
  count: number;
}

/** Every list, and every object with many keys, with its size. */
function containers(root: Json): Container[] {
  const found: Container[] = [];
  const walk = (node: Json, path: string) => {
    if (node === null || typeof node !== "object") return;
    const count = Array.isArray(node) ? node.length : Object.keys(node).length;
    if (count > 0 && (Array.isArray(node) || count > FREE_FORM_KEYS)) {
      found.push({ path, node, bytes: byteLength(JSON.stringify(node)), count });
    }
    const entries = Array.isArray(node) ? node.entries() : Object.entries(node);
    for (const [key, child] of entries) {
      walk(child, Array.isArray(node) ? `${path}[${key}]` : path ? `${path}.${key}` : `${key}`);
    }
  };
  walk(root, "");
  return found;
}

function clipStrings(root: Json, limit: number): boolean {
  let clipped = false;
  const clip = (text: string) => {
    if (text.length <= limit) return text;
    clipped = true;
    return `${text.slice(0, limit)}… [${text.length - limit} more characters cut]`;
  };
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    const entries = Array.isArray(node) ? node.entries() : Object.entries(node);
    for (const [key, child] of entries) {
      if (typeof child === "string") (node as Record<string, Json>)[key] = clip(child);
      else if (child !== null && typeof child === "object") stack.push(child);
    }
  }
  return clipped;
}

/** What {@link boundValue} gives. */
export interface Bounded {
  value: Json;
  /** What was cut, for the model: empty when nothing was. */
  cuts: string[];
}

/**
 * `value` scrubbed of `secrets` and, if its JSON is over `maxBytes`, cut to `maxBytes` less
 * {@link NOTE_ROOM}, to leave room for a note of what was cut.
 *
 * @param value The tool's output.
 * @param maxBytes The most bytes its JSON may have.
 * @param secrets Strings that must not appear in it.
 * @param keepTail Paths of lists whose first items go first (a log's lines).
 */
export function boundValue(
  value: unknown,
  maxBytes: number,
  secrets: readonly string[] = [],
  keepTail: readonly string[] = [],
): Bounded {
  const root = plain(value, (text) => scrub(text, secrets));
  const cuts: string[] = [];
  const size = () => byteLength(JSON.stringify(root));
  if (size() <= maxBytes) return { value: root, cuts };
  maxBytes -= NOTE_ROOM;
  let limit = Math.max(200, Math.floor(maxBytes / 8));
  let clipped = clipStrings(root, limit);
  const dropped = new Map<string, { shown: number; of: number; keys: boolean }>();
  for (let excess = size() - maxBytes; excess > 0; excess = size() - maxBytes) {
    const largest = containers(root).sort((a, b) => b.bytes - a.bytes)[0];
    if (!largest) {
      if (limit <= 20) break;
      limit = Math.floor(limit / 2);
      clipped = clipStrings(root, limit) || clipped;
      continue;
    }
    const perItem = largest.bytes / largest.count;
    const drop = Math.min(largest.count, Math.max(1, Math.ceil(excess / perItem)));
    const record = dropped.get(largest.path) ??
      { shown: largest.count, of: largest.count, keys: !Array.isArray(largest.node) };
    if (Array.isArray(largest.node)) {
      if (keepTail.includes(largest.path)) largest.node.splice(0, drop);
      else largest.node.splice(largest.count - drop, drop);
    } else {
      for (const key of Object.keys(largest.node).slice(-drop)) delete largest.node[key];
    }
    record.shown -= drop;
    dropped.set(largest.path, record);
  }
  if (clipped) cuts.push(`texts longer than ${limit} characters were cut`);
  for (const [path, { shown, of, keys }] of dropped) {
    cuts.push(`${path}: ${shown} of ${of} ${keys ? "keys" : "items"} shown`);
  }
  return { value: root, cuts };
}

/**
 * `text` scrubbed of `secrets` and cut to at most `maxBytes`, at a line's end where it can be,
 * with a last line saying how much was cut.
 */
export function boundText(text: string, maxBytes: number, secrets: readonly string[] = []): string {
  const clean = scrub(text, secrets);
  if (byteLength(clean) <= maxBytes) return clean;
  const lines = clean.split("\n");
  const kept: string[] = [];
  let bytes = 80;
  for (const line of lines) {
    const cost = byteLength(line) + 1;
    if (bytes + cost > maxBytes) {
      // A line of up to 4 bytes per character: a quarter of the room always fits.
      if (kept.length === 0) kept.push(line.slice(0, Math.floor((maxBytes - 160) / 4)) + "…");
      break;
    }
    kept.push(line);
    bytes += cost;
  }
  const cut = lines.length - kept.length;
  return `${kept.join("\n")}\n… (${cut} more line${
    cut === 1 ? "" : "s"
  } cut to keep this answer short)`;
}
