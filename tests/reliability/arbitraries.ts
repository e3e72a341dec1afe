/**
 * What the property-based tests share: fast-check arbitraries of ids and text, a fetch that
 * counts requests, chunking of bodies, and how a test reports its figures.
 *
 * @module
 */
import fc from "fast-check";
import { readLines } from "../../src/core/lines.ts";

export const BASE = "http://airflow.test";

/** Counts the requests a client sends through `inner`. */
export function counted(inner: (request: Request) => Promise<Response>) {
  const counter = {
    requests: 0,
    fetch: (request: Request) => {
      counter.requests++;
      return inner(request);
    },
  };
  return counter;
}

export function figures(cases: number, seed: number, requests?: number): string {
  const parts = [`${cases.toLocaleString("en")} cases`, `seed ${seed}`];
  if (requests !== undefined) parts.push(`${requests.toLocaleString("en")} requests`);
  return parts.join(", ");
}

export function codePoint(min: number, max: number): fc.Arbitrary<string> {
  return fc.integer({ min, max }).map((point) => String.fromCodePoint(point));
}

/** A code point between U+0800 and U+FFFF that is not a surrogate: three UTF-8 bytes. */
export const threeByteChar = fc.integer({ min: 0x800, max: 0xffff - 0x800 })
  .map((point) => String.fromCodePoint(point >= 0xd800 ? point + 0x800 : point));

/** Characters of one to four UTF-8 bytes, astral ones included. */
export const unicodeChar = fc.oneof(
  codePoint(0x20, 0x7e),
  codePoint(0x80, 0x7ff),
  threeByteChar,
  codePoint(0x10000, 0x10ffff),
);

export const URL_CHARS = [
  "+",
  "/",
  "%",
  "~",
  " ",
  "?",
  "#",
  "&",
  "=",
  ";",
  ":",
  "@",
  "\\",
  ".",
  "%2F",
];

/**
 * DAG, run, task and XCom ids. Three ids cannot be read back and are left out: `~` alone means
 * "all" in Airflow's paths, and `.` and `..` alone are dot segments, which URL parsing removes
 * before any server sees the path.
 */
export const anyId = fc.string({
  unit: fc.oneof(fc.constantFrom(...URL_CHARS), unicodeChar, fc.constantFrom("\t", "\n", "\0")),
  minLength: 1,
  maxLength: 16,
}).filter((id) => id !== "~" && id !== "." && id !== "..");

export const idSets = fc.record({
  dag: anyId,
  run: anyId,
  task: anyId,
  key: anyId.filter((key) => key !== "return_value"),
});

export const cutting = fc.oneof(
  { weight: 1, arbitrary: fc.constant("bytewise" as const) },
  { weight: 3, arbitrary: fc.array(fc.nat(), { maxLength: 24 }) },
);

export type Cutting = typeof cutting extends fc.Arbitrary<infer T> ? T : never;

/** `bytes` in chunks cut as `cuts` says; repeated or end positions give empty chunks. */
export function chunksOf(bytes: Uint8Array, cuts: Cutting): Uint8Array[] {
  if (cuts === "bytewise") return Array.from(bytes, (byte) => Uint8Array.of(byte));
  const positions = [0, ...cuts.map((cut) => cut % (bytes.length + 1)).sort((a, b) => a - b)];
  positions.push(bytes.length);
  return positions.slice(1).map((end, index) => bytes.slice(positions[index], end));
}

/** Chunks seen: how many, how many empty, how many beginning inside a UTF-8 character. */
export class ChunkTally {
  chunks = 0;
  empty = 0;
  midCharacter = 0;

  add(chunks: Uint8Array[]): Uint8Array[] {
    this.chunks += chunks.length;
    this.empty += chunks.filter((chunk) => chunk.length === 0).length;
    this.midCharacter += chunks.filter((chunk) => (chunk[0] & 0xc0) === 0x80).length;
    return chunks;
  }

  toString(): string {
    return `${this.chunks.toLocaleString("en")} chunks (${this.empty.toLocaleString("en")} ` +
      `empty, ${this.midCharacter.toLocaleString("en")} starting inside a character)`;
  }
}

export function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]);
      else controller.close();
    },
  });
}

/** Characters that are easy to mishandle in a line: whitespace, controls, BOM, separators. */
export const TRICKY_CHARS = [
  " ",
  "\t",
  "\r",
  "\0",
  "\uFEFF",
  "\u2028",
  "\u00A0",
  "\uFFFD",
  "\\",
  '"',
];

export const lineChar = fc.oneof(unicodeChar, fc.constantFrom(...TRICKY_CHARS));

/** A line's text: short, or now and then up to 10 000 characters. */
export const lineText = fc.oneof(
  { weight: 20, arbitrary: fc.string({ unit: lineChar, maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.string({ unit: lineChar, minLength: 1, maxLength: 4 }), fc.nat(2_500))
      .map(([text, times]) => text.repeat(times)),
  },
);

export const lineEnd = fc.constantFrom("\n", "\r\n");

/** Joins lines, each with its own ending; the last one may have none. */
export function joinLines(lines: { text: string; end: string }[], trailing: boolean): string {
  return lines.map((line, index) =>
    `${line.text}${index < lines.length - 1 || trailing ? line.end : ""}`
  ).join("");
}

/** The body's lines as `Response.text()` and a split on `\n` give them, blank ones left out. */
export function linesOfText(bytes: Uint8Array): string[] {
  return new TextDecoder().decode(bytes).split("\n")
    .map((line) => line.endsWith("\r") ? line.slice(0, -1) : line)
    .filter((line) => line.trim() !== "");
}

export async function collectLines(chunks: Uint8Array[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLines(streamOf(chunks))) lines.push(line);
  return lines;
}
