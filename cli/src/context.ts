/**
 * What every command gets: the process's {@link Io}, a {@link Printer} for `--output`, the
 * global flags, and the Airflow they name, opened on first use.
 *
 * @module
 */
import type { AirflowApi } from "./api/api.ts";
import { openApi } from "./api/open.ts";
import type { Io } from "./io.ts";
import { type OutputFormat, Printer } from "./output/printer.ts";
import { StatusLine } from "./output/status_line.ts";
import { requireTarget, type TargetFlags } from "./settings/target.ts";

/** The flags every command takes. */
export interface GlobalFlags extends TargetFlags {
  /** `--output`. */
  output: OutputFormat;
  /** `--color`, false with `--no-color`. */
  color: boolean;
  /** `--quiet`. */
  quiet?: boolean;
}

/** A command's surroundings. */
export class Context {
  readonly io: Io;
  readonly flags: GlobalFlags;
  readonly printer: Printer;
  #api?: Promise<AirflowApi>;

  /**
   * @param io The process.
   * @param flags The global flags as parsed.
   */
  constructor(io: Io, flags: GlobalFlags) {
    this.io = io;
    this.flags = flags;
    this.printer = new Printer(io, {
      format: flags.output,
      color: flags.color,
      quiet: flags.quiet === true,
    });
  }

  /** Aborted by Ctrl-C. */
  get signal(): AbortSignal {
    return this.io.interrupt;
  }

  /** The Airflow the flags name, after asking it which API it speaks. */
  api(): Promise<AirflowApi> {
    this.#api ??= requireTarget(this.flags, this.io).then((target) => openApi(target, this.signal));
    return this.#api;
  }

  /** A new progress line on standard error. */
  statusLine(): StatusLine {
    return new StatusLine(this.io.stderr, this.flags.quiet === true);
  }
}
