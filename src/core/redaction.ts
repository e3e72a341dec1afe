/**
 * Keeping credentials out of what the client hands back: error messages, bodies and headers,
 * answers that failed their check, what middleware sees. A server may echo a credential in any
 * form: as it is, escaped inside a JSON string (`\"`, `\\`, `\/`, `\u00fc`), percent-encoded,
 * base64-encoded (an HTTP Basic pair, or either of its halves), or as UTF-8 bytes in a header,
 * which `fetch` reads one character per byte. Every form is replaced by
 * `[redacted]`, in text and, after it is parsed, in every string of the parsed value.
 *
 * @module
 */

const REDACTED = "[redacted]";
/** Secrets shorter than this are not searched for: they would match ordinary text. */
const MIN_SECRET_LENGTH = 4;
/** Headers whose value is a credential, whatever it holds. */
const CREDENTIAL_HEADERS = new Set([
  "authorization",
  "cookie",
  "proxy-authorization",
  "set-cookie",
]);

/** A credential, and how it is known. */
export interface Secret {
  /** The credential. */
  value: string;
  /** For a username and password: the pair, whose base64 is the HTTP Basic credential. */
  pair?: [string, string];
}

/** Scrubs the credentials a client knows of out of what comes back from the server. */
export class Redactor {
  readonly #secrets: () => Secret[];
  #cache?: { key: string; forms: string[] };

  /** @param secrets Every credential the client knows of, asked each time. */
  constructor(secrets: () => Secret[]) {
    this.#secrets = secrets;
  }

  /** `text` with every form of every known credential, and of `extra` ones, redacted. */
  text(text: string, extra: (string | undefined)[] = []): string {
    let scrubbed = text;
    for (const form of this.#forms(extra)) {
      if (scrubbed.includes(form)) scrubbed = scrubbed.replaceAll(form, REDACTED);
    }
    return scrubbed;
  }

  /** `value` with every string in it (keys included) redacted, as a copy. */
  value(value: unknown, extra: (string | undefined)[] = []): unknown {
    if (typeof value === "string") return this.text(value, extra);
    if (Array.isArray(value)) return value.map((item) => this.value(item, extra));
    if (value === null || typeof value !== "object") return value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, this.text(key, extra), {
        value: this.value(item, extra),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }

  /** A copy of `headers` with credentials, and any value holding one, redacted. */
  headers(headers: Headers, extra: (string | undefined)[] = []): Headers {
    const copy = new Headers();
    for (const [name, value] of headers) {
      copy.append(name, CREDENTIAL_HEADERS.has(name) ? REDACTED : this.text(value, extra));
    }
    return copy;
  }

  /** Every form of every secret, longest first, so that a longer form is replaced whole. */
  #forms(extra: (string | undefined)[]): string[] {
    const secrets: Secret[] = [
      ...this.#secrets(),
      ...extra.flatMap((value) => value ? [{ value }] : []),
    ];
    const key = JSON.stringify(secrets);
    if (this.#cache?.key === key) return this.#cache.forms;
    const forms = new Set<string>();
    for (const secret of secrets) {
      for (const form of formsOf(secret.value)) forms.add(form);
      if (secret.pair) {
        const [user, password] = secret.pair;
        for (const text of [`${user}:${password}`, user, password]) {
          forms.add(base64(text));
          forms.add(base64(text).replace(/=+$/, ""));
        }
      }
    }
    const sorted = [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH)
      .sort((a, b) => b.length - a.length);
    this.#cache = { key, forms: sorted };
    return sorted;
  }

  /**
   * The secrets in a credential header's value: the value, the value without its scheme
   * (`Bearer …`), and for cookies the value of each cookie.
   */
  static secretsIn(name: string, value: string | undefined): string[] {
    if (value === undefined) return [];
    const cookies = name === "cookie" || name === "set-cookie"
      ? value.split(";").map((pair) => pair.slice(pair.indexOf("=") + 1).trim())
      : [];
    return [value, value.replace(/^\S+\s+/, ""), ...cookies];
  }
}

/**
 * The forms a secret can take in text a server writes: each encoding, escaped inside a JSON
 * string, and escaped once more (a JSON document quoted inside another).
 */
function formsOf(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const forms = new Set(encodingsOf(secret));
  for (let depth = 0; depth < 2; depth++) {
    for (const form of [...forms]) for (const escaped of jsonEscapesOf(form)) forms.add(escaped);
  }
  return [...forms];
}

/** `secret` as it is, as header bytes, percent- and form-encoded, and in base64. */
function encodingsOf(secret: string): string[] {
  const percent = encodeURIComponent(secret);
  const base = base64(secret);
  return [
    secret,
    bytesAsText(secret),
    percent,
    percent.replaceAll("%20", "+"),
    percent.replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase()),
    percent.replaceAll("%2F", "/"),
    new URLSearchParams({ s: secret }).toString().slice(2),
    base,
    base.replace(/=+$/, ""),
    base.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
  ];
}

/** `text` inside a JSON string, the ways encoders write it (`\/`, `\u00fc`, `\u00FC`). */
function jsonEscapesOf(text: string): string[] {
  const json = JSON.stringify(text).slice(1, -1);
  const ascii = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${hex(c)}`);
  return [
    json,
    json.replaceAll("/", "\\/"),
    ascii,
    ascii.replaceAll("/", "\\/"),
    ascii.replace(/\\u([0-9a-f]{4})/g, (_, code: string) => `\\u${code.toUpperCase()}`),
  ];
}

function hex(char: string): string {
  return char.charCodeAt(0).toString(16).padStart(4, "0");
}

/** Base64 of the UTF-8 bytes of `text`. */
export function base64(text: string): string {
  return btoa(bytesAsText(text));
}

/** The UTF-8 bytes of `text`, one character per byte. */
function bytesAsText(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return binary;
}
