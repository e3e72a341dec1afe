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
    return scrub(text, this.#forms(extra));
  }

  /**
   * `value` with every string in it (keys included) redacted, as a copy. The walk keeps its own
   * stack, so a value nested however deep costs time in proportion to its size and nothing more.
   */
  value(value: unknown, extra: (string | undefined)[] = []): unknown {
    const forms = this.#forms(extra);
    const copyOf = (item: unknown, pending: [object, object][]): unknown => {
      if (typeof item === "string") return scrub(item, forms);
      if (item === null || typeof item !== "object") return item;
      const copy = Array.isArray(item) ? [] : {};
      pending.push([item, copy]);
      return copy;
    };
    const pending: [object, object][] = [];
    const root = copyOf(value, pending);
    while (pending.length > 0) {
      const [source, target] = pending.pop()!;
      if (Array.isArray(source)) {
        for (const item of source) (target as unknown[]).push(copyOf(item, pending));
        continue;
      }
      for (const [key, item] of Object.entries(source)) {
        Object.defineProperty(target, scrub(key, forms), {
          value: copyOf(item, pending),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    return root;
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

/** `text` with each of `forms` replaced by the redaction mark. */
function scrub(text: string, forms: readonly string[]): string {
  let scrubbed = text;
  for (const form of forms) {
    if (scrubbed.includes(form)) scrubbed = scrubbed.replaceAll(form, REDACTED);
  }
  return scrubbed;
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

/**
 * `secret` as it is, as header bytes, HTML-escaped, percent-encoded (as JavaScript, Python and
 * forms do it, and twice), and in base64, alone or inside longer text.
 */
function encodingsOf(secret: string): string[] {
  const percent = encodeURIComponent(secret);
  const strict = percent.replace(/[!'()*]/g, (char) => `%${hex(char).slice(2).toUpperCase()}`);
  const html = secret.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
  const base = base64(secret);
  return [
    secret,
    bytesAsText(secret),
    ...[html, html.replaceAll("&quot;", "&#34;")].flatMap((form) => [
      form,
      form.replaceAll("'", "&#39;"),
      form.replaceAll("'", "&#x27;"),
    ]),
    percent,
    percent.replaceAll("%20", "+"),
    percent.replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase()),
    percent.replaceAll("%2F", "/"),
    strict,
    encodeURIComponent(percent),
    new URLSearchParams({ s: secret }).toString().slice(2),
    base,
    base.replace(/=+$/, ""),
    base.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
    ...base64Cores(secret).flatMap((core) => [core, core.replace(/\+/g, "-").replace(/\//g, "_")]),
  ];
}

/**
 * The base64 of `secret` where it sits inside longer text (a request body echoed in base64):
 * for each of the three alignments, the characters that only its own bytes decide. Too short a
 * core would match ordinary text, so none under eight characters is kept.
 */
function base64Cores(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const cores: string[] = [];
  for (const shift of [0, 1, 2]) {
    const shifted = new Uint8Array(shift + bytes.length);
    shifted.set(bytes, shift);
    let binary = "";
    for (const byte of shifted) binary += String.fromCharCode(byte);
    const text = btoa(binary);
    const core = text.slice(shift === 0 ? 0 : 4, Math.floor(shifted.length / 3) * 4);
    if (core.length >= 8) cores.push(core);
  }
  return cores;
}

/** `text` inside a JSON string, the ways encoders write it (`\/`, `\u00fc`, `\u00FC`). */
function jsonEscapesOf(text: string): string[] {
  const json = JSON.stringify(text).slice(1, -1);
  const ascii = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${hex(c)}`);
  return [
    json,
    json.replaceAll("/", "\\/"),
    json.replaceAll("&", "\\u0026").replaceAll("<", "\\u003c").replaceAll(">", "\\u003e"),
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
