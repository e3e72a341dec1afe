/**
 * Reading Airflow 2's log pages: the `content` string and the continuation token.
 *
 * Airflow 2 puts a Python `repr` of `[(host, text), …]` in `content` (the JSON field is a
 * string), and its token is an itsdangerous `URLSafeSerializer` dump of the reader's metadata,
 * whose `end_of_log` says whether the log is complete.
 *
 * @module
 */
import { base64urlBytes } from "../core/base64url.ts";

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
export function splitLines(text: string): string[] {
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
      bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    }
    const metadata = JSON.parse(new TextDecoder().decode(bytes));
    return typeof metadata?.end_of_log === "boolean" ? metadata.end_of_log : undefined;
  } catch {
    return undefined;
  }
}
