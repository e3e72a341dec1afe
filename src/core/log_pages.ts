/**
 * Reading JSON log pages of either API version.
 *
 * - Airflow 3: `content` is a list of structured lines (or of strings), and the continuation
 *   token is `null` once the log is complete.
 * - Airflow 2: `content` is a Python `repr` of `[(host, text), …]` (the JSON field is a string),
 *   and the token is an itsdangerous `URLSafeSerializer` dump of the reader's metadata, whose
 *   `end_of_log` says whether the log is complete.
 *
 * @module
 */
import { base64urlBytes } from "./base64url.ts";
import { readBytesWithin } from "./body.ts";

/** The most a compressed continuation token may inflate to; a token is a few dozen bytes. */
const MAX_TOKEN_BYTES = 64 * 1024;

/** One log line. Airflow 3 sends structured lines; a plain text line becomes `{ event }`. */
export interface LogLine {
  /** The message. */
  event: string;
  /**
   * When it was written, as an ISO date-time, if the server says; `null` for a line that was
   * not structured (plain text in the log file).
   */
  timestamp?: string | null;
  /** Level such as `info` or `error`, if the server says. */
  level?: string;
  /** Anything else the server attached (logger, exception details, …). */
  [key: string]: unknown;
}

/** One JSON page of log, read. */
export interface LogPage {
  /** Its lines. */
  lines: LogLine[];
  /** The token to read on from, if the server gave one. */
  next?: string;
  /** The server says the log is complete. */
  ended: boolean;
}

/** How an API version writes its JSON log pages. */
export type PageFormat = "airflow3" | "airflow2";

/** Reads one JSON log page written in `format`. */
export async function readLogPage(page: unknown, format: PageFormat): Promise<LogPage> {
  const { content, continuation_token: token } = (page ?? {}) as {
    content?: unknown;
    continuation_token?: unknown;
  };
  const next = typeof token === "string" && token !== "" ? token : undefined;
  if (format === "airflow2") {
    const text = typeof content === "string" ? logText(content) : "";
    const lines = splitLines(text).map((event) => ({ event }));
    return { lines, next, ended: (await endOfLog(next)) ?? true };
  }
  const items = Array.isArray(content) ? content : [];
  const lines = items.map((item) => typeof item === "string" ? { event: item } : item as LogLine);
  return { lines, next, ended: token === null };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  n: "\n",
  r: "\r",
  t: "\t",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A cursor over a Python literal; every method throws on text it does not expect. */
class PythonReader {
  #at = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (/\s/.test(this.text[this.#at] ?? "")) this.#at++;
  }

  take(char: string): boolean {
    this.skipSpace();
    if (this.text[this.#at] !== char) return false;
    this.#at++;
    return true;
  }

  expect(char: string): void {
    if (!this.take(char)) throw new SyntaxError(`expected ${char} at ${this.#at}`);
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.#at >= this.text.length;
  }

  string(): string {
    this.skipSpace();
    const quote = this.text[this.#at++];
    if (quote !== "'" && quote !== '"') throw new SyntaxError(`expected a string at ${this.#at}`);
    let out = "";
    for (;;) {
      const char = this.text[this.#at++];
      if (char === undefined) throw new SyntaxError("unterminated string");
      if (char === quote) return out;
      if (char !== "\\") {
        out += char;
        continue;
      }
      const code = this.text[this.#at++];
      if (code in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[code];
      } else if (code in HEX_ESCAPES) {
        const digits = this.text.slice(this.#at, this.#at + HEX_ESCAPES[code]);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== HEX_ESCAPES[code]) {
          throw new SyntaxError(`bad \\${code} escape at ${this.#at}`);
        }
        out += String.fromCodePoint(parseInt(digits, 16));
        this.#at += digits.length;
      } else {
        out += `\\${code}`;
      }
    }
  }
}

/**
 * The log text in an Airflow 2 `content` string: the texts of a `[(host, text), …]` repr
 * joined, or the string itself when it is not such a repr.
 */
export function logText(content: string): string {
  const reader = new PythonReader(content);
  try {
    const texts: string[] = [];
    reader.expect("[");
    while (!reader.take("]")) {
      reader.expect("(");
      reader.string();
      reader.expect(",");
      texts.push(reader.string());
      reader.take(",");
      reader.expect(")");
      reader.take(",");
    }
    if (!reader.atEnd()) throw new SyntaxError("text after the list");
    return texts.join("\n");
  } catch {
    return content;
  }
}

/** The lines of a log text, without the empty string after a final newline. */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Whether a continuation token says the log is complete: `true` or `false` from its
 * `end_of_log`, or `undefined` when the token cannot be read (another format, or none).
 */
export async function endOfLog(token: string | undefined): Promise<boolean | undefined> {
  if (!token) return undefined;
  const compressed = token.startsWith(".");
  const payload = (compressed ? token.slice(1) : token).split(".")[0];
  try {
    let bytes = base64urlBytes(payload);
    if (compressed) {
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
      bytes = await readBytesWithin(stream, MAX_TOKEN_BYTES);
    }
    const metadata = JSON.parse(new TextDecoder().decode(bytes));
    return typeof metadata?.end_of_log === "boolean" ? metadata.end_of_log : undefined;
  } catch {
    return undefined;
  }
}
