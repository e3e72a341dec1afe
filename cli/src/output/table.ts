/**
 * Tables of aligned columns. On a terminal, the widest columns give way, cut with `…`, until
 * the table fits its width; in a pipe nothing is cut.
 *
 * @module
 */
import { type Style, type Tone, visibleLength } from "./style.ts";

/** A column of a table. */
export interface Column<Row> {
  /** Its heading. */
  header: string;
  /** The cell's text for a row. */
  value(row: Row): string;
  /** The cell's colour, if any. */
  tone?(row: Row): Tone | undefined;
  /** Whether the column may be cut to make the table fit; default true. */
  shrink?: boolean;
}

const GAP = "  ";
const MIN_WIDTH = 6;

/** Cuts `text` to `width` columns, ending with `…` when it was longer. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? chars.slice(0, width).join("") : chars.slice(0, width - 1).join("") + "…";
}

/** Widths for the columns so that the table fits in `width`, shrinking the widest first. */
export function fitWidths(natural: number[], shrinkable: boolean[], width: number | undefined) {
  const widths = [...natural];
  if (width === undefined) return widths;
  const total = () =>
    widths.reduce((sum, each) => sum + each, 0) + GAP.length * (widths.length - 1);
  while (total() > width) {
    let widest = -1;
    for (let index = 0; index < widths.length; index++) {
      if (!shrinkable[index] || widths[index] <= MIN_WIDTH) continue;
      if (widest === -1 || widths[index] > widths[widest]) widest = index;
    }
    if (widest === -1) break;
    widths[widest] -= Math.min(widths[widest] - MIN_WIDTH, total() - width);
  }
  return widths;
}

/** The table's lines: headings, then one line per row, each ending in a line break. */
export function renderTable<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  options: { width?: number; style: Style },
): string {
  const { style } = options;
  const cells = rows.map((row) => columns.map((column) => column.value(row).replace(/\s+/g, " ")));
  const natural = columns.map((column, index) =>
    Math.max(visibleLength(column.header), ...cells.map((row) => visibleLength(row[index])))
  );
  const widths = fitWidths(
    natural,
    columns.map((column) => column.shrink !== false),
    options.width,
  );
  const line = (texts: string[], tones: (Tone | undefined)[]) =>
    texts.map((text, index) => {
      const cut = truncate(text, widths[index]);
      const padded = index === texts.length - 1 ? cut : cut.padEnd(widths[index]);
      return style.paint(tones[index], padded);
    }).join(GAP).trimEnd() + "\n";
  const header = line(columns.map((column) => column.header), columns.map(() => "bold"));
  return header +
    rows.map((row, index) => line(cells[index], columns.map((column) => column.tone?.(row)))).join(
      "",
    );
}
