/**
 * Parsers of option values, each refusing bad input with a message that names the option.
 *
 * @module
 */
import { InvalidArgumentError } from "commander";
import { usage } from "../exit_codes.ts";
import { parseDuration } from "../output/time.ts";

/** Collects a repeatable option, splitting commas: `--state failed,queued --state running`. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").map((part) => part.trim()).filter(Boolean)];
}

/** A whole number of at least `min`. */
export function integer(min: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || number < min) {
      throw new InvalidArgumentError(`expected a whole number of at least ${min}, got "${value}"`);
    }
    return number;
  };
}

/** A duration such as `2s` or `30m`, in milliseconds. */
export function duration(value: string): number {
  try {
    const ms = parseDuration(value, "the value");
    if (ms <= 0) throw new Error();
    return ms;
  } catch {
    throw new InvalidArgumentError(
      `expected a duration such as 500ms, 2s, 30m or 1h, got "${value}"`,
    );
  }
}

/** A JSON object, as `--conf` takes. */
export function jsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`not JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InvalidArgumentError('expected a JSON object, such as \'{"day": "2026-11-20"}\'');
  }
  return parsed as Record<string, unknown>;
}

/** Checks that every value is one of `allowed`; names the option and the choices if not. */
export function checkChoices(
  option: string,
  values: readonly string[],
  allowed: readonly string[],
) {
  const wrong = values.filter((value) => !allowed.includes(value));
  if (wrong.length > 0) {
    throw usage(
      `${option}: unknown ${wrong.map((value) => `"${value}"`).join(", ")}; use ${
        allowed.join(", ")
      }`,
    );
  }
}

/** The states a DAG run can be in. */
export const RUN_STATES = ["queued", "running", "success", "failed"] as const;

/** The states a task instance can be in (`none`: not yet scheduled). */
export const TASK_STATES = [
  "none",
  "scheduled",
  "queued",
  "running",
  "success",
  "failed",
  "upstream_failed",
  "up_for_retry",
  "up_for_reschedule",
  "restarting",
  "skipped",
  "removed",
  "deferred",
] as const;
