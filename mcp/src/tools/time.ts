/**
 * Times given to tools: an ISO 8601 time, or a span back from now such as `24h`.
 *
 * @module
 */
import { ToolError } from "./tool.ts";

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * The time `text` names: an ISO 8601 date or date-time (`2026-11-20`, `2026-11-20T06:00:00Z`),
 * or a span back from `now` (`30m`, `24h`, `7d`, `2w`).
 *
 * @throws {ToolError} Naming `argument` when `text` is neither.
 */
export function parseSince(text: string, argument: string, now = Date.now()): Date {
  const span = text.trim().match(/^(\d+(?:\.\d+)?)\s*([mhdw])$/i);
  if (span) return new Date(now - Number(span[1]) * UNITS[span[2].toLowerCase()]);
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(text.trim())) {
    const date = new Date(text.trim());
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new ToolError(
    `${argument}: expected an ISO 8601 time such as 2026-11-20T06:00:00Z, or a span back from ` +
      `now such as 30m, 24h, 7d or 2w; got ${JSON.stringify(text.slice(0, 40))}.`,
  );
}
