/**
 * Colours, used only on a terminal and never with `NO_COLOR` set (https://no-color.org),
 * `TERM=dumb` or `--no-color`.
 *
 * @module
 */
import type { Output } from "../io.ts";

const CODES = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  dim: [2, 22],
  bold: [1, 22],
} as const;

/** A colour or weight. */
export type Tone = keyof typeof CODES;

/** Paints text, or leaves it plain when colours are off. */
export class Style {
  /** Whether colours are on. */
  readonly enabled: boolean;

  /** @param enabled Whether to paint. */
  constructor(enabled: boolean) {
    this.enabled = enabled;
  }

  /** `text` in `tone`, or as it is. */
  paint(tone: Tone | undefined, text: string): string {
    if (!this.enabled || !tone || text === "") return text;
    const [on, off] = CODES[tone];
    return `\x1b[${on}m${text}\x1b[${off}m`;
  }
}

/** Whether to paint what goes to `output`. */
export function colorsFor(
  output: Output,
  env: Readonly<Record<string, string | undefined>>,
  flag: boolean,
): boolean {
  return flag && output.isTTY && !env.NO_COLOR && env.TERM !== "dumb";
}

/** The tone of a run's or task's state. */
export function stateTone(state: string | null | undefined): Tone | undefined {
  switch (state) {
    case "success":
      return "green";
    case "failed":
    case "upstream_failed":
      return "red";
    case "running":
    case "up_for_retry":
    case "restarting":
      return "yellow";
    case "queued":
    case "scheduled":
    case "deferred":
      return "blue";
    case "skipped":
    case "removed":
      return "dim";
    default:
      return undefined;
  }
}

/** The number of columns `text` takes, escape sequences left out. */
export function visibleLength(text: string): number {
  // deno-lint-ignore no-control-regex
  return [...text.replace(/\x1b\[[0-9;]*m/g, "")].length;
}
