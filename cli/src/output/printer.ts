/**
 * Where results go, in the format asked for with `--output`: `table` for people (aligned columns
 * sized to the terminal, colours on a terminal), `json` (one document) and `ndjson` (one JSON
 * object per line, as they come) for scripts. Notes and progress go to standard error.
 *
 * @module
 */
import type { Io } from "../io.ts";
import { type Column, renderTable } from "./table.ts";
import { colorsFor, Style } from "./style.ts";

/** The formats of `--output`. */
export const OUTPUT_FORMATS = ["table", "json", "ndjson"] as const;

/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = typeof OUTPUT_FORMATS[number];

/** Rows printed one at a time as they come: a line each, or one JSON array at the end. */
export interface RowStream<Row> {
  /** Prints (or keeps) a row. */
  push(row: Row): void;
  /** Ends the stream: prints the JSON array when the format is `json`. */
  end(): void;
}

/** Prints results and notes for one command. */
export class Printer {
  /** The format of results. */
  readonly format: OutputFormat;
  /** Colours for standard output. */
  readonly style: Style;
  /** Colours for standard error. */
  readonly errorStyle: Style;
  readonly #io: Io;
  readonly #quiet: boolean;

  /**
   * @param io Where to print.
   * @param options `--output`, `--color` (false with `--no-color`) and `--quiet`.
   */
  constructor(io: Io, options: { format: OutputFormat; color: boolean; quiet: boolean }) {
    this.#io = io;
    this.format = options.format;
    this.#quiet = options.quiet;
    this.style = new Style(colorsFor(io.stdout, io.env, options.color));
    this.errorStyle = new Style(colorsFor(io.stderr, io.env, options.color));
  }

  /** Whether results are for people. */
  get human(): boolean {
    return this.format === "table";
  }

  /** Rows: a table, a JSON array or JSON lines. */
  list<Row>(rows: readonly Row[], columns: readonly Column<Row>[], empty?: string): void {
    if (this.format === "json") return this.#out(JSON.stringify(rows, null, 2) + "\n");
    if (this.format === "ndjson") {
      return rows.forEach((row) => this.#out(JSON.stringify(row) + "\n"));
    }
    if (rows.length === 0 && empty) return this.note(empty);
    this.#out(renderTable(rows, columns, { width: this.#io.stdout.columns, style: this.style }));
  }

  /** One result: `text` for people, the row as JSON for scripts. */
  item<Row>(row: Row, text: string): void {
    if (this.format === "json") this.#out(JSON.stringify(row, null, 2) + "\n");
    else if (this.format === "ndjson") this.#out(JSON.stringify(row) + "\n");
    else this.#out(text.endsWith("\n") ? text : text + "\n");
  }

  /** A stream of rows, each shown as `line(row)` for people. */
  stream<Row>(line: (row: Row) => string): RowStream<Row> {
    const kept: Row[] = [];
    return {
      push: (row) => {
        if (this.format === "json") kept.push(row);
        else this.#out(this.format === "ndjson" ? JSON.stringify(row) + "\n" : line(row) + "\n");
      },
      end: () => {
        if (this.format === "json") this.#out(JSON.stringify(kept, null, 2) + "\n");
      },
    };
  }

  /** A line for people on standard error, unless `--quiet`. */
  note(text: string): void {
    if (!this.#quiet) this.#io.stderr.write(text + "\n");
  }

  /** Whether notes and progress are shown. */
  get quiet(): boolean {
    return this.#quiet;
  }

  #out(text: string): void {
    this.#io.stdout.write(text);
  }
}
