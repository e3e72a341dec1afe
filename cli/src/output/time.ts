/**
 * Times and durations as people write and read them: `90s`, `15m`, `24h`, `7d` on the command
 * line; `1m05s` and `2026-11-20T10:00:01Z` in output.
 *
 * @module
 */
import { usage } from "../exit_codes.ts";

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds in a duration such as `500ms`, `30s`, `15m`, `24h` or `7d`. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) {
    throw usage(`${flag} must be a duration such as 30s, 15m, 24h or 7d, got "${text}"`);
  }
  return Number(match[1]) * UNITS[match[2]];
}

/** The time `text` names: a duration ago (`24h`), or a date or date-time (`2026-11-20`). */
export function parseSince(text: string, now: number): Date {
  if (/^\d{4}-\d\d-\d\d/.test(text)) {
    const time = Date.parse(/^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T00:00:00Z` : text);
    if (Number.isNaN(time)) throw usage(`--since: "${text}" is not a valid date or date-time`);
    return new Date(time);
  }
  return new Date(now - parseDuration(text, "--since"));
}

/** `1h02m`, `3m05s` or `12s`, from milliseconds. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  const two = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${h}h${two(m)}m`;
  if (m > 0) return `${m}m${two(s)}s`;
  return `${s}s`;
}

/** A duration in seconds for a table, or empty. */
export function formatSeconds(seconds: number | null): string {
  return seconds === null
    ? ""
    : seconds < 10
    ? `${seconds.toFixed(1)}s`
    : formatElapsed(seconds * 1000);
}

/** An ISO time without its fraction of a second, or empty. */
export function formatTime(iso: string | null): string {
  if (!iso) return "";
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString().replace(/\.\d+Z$/, "Z");
}
