/**
 * The forms a hostile server can write a credential in, kept apart from the client's own list
 * (`src/core/redaction.ts`) so that the search for leaks does not trust what it checks.
 */

/** The UTF-8 bytes of `text`, one character per byte, as `fetch` reads them from a header. */
export function latin1(text: string): string {
  return Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join("");
}

/** Base64 of the UTF-8 bytes of `text`. */
export function base64(text: string): string {
  return btoa(latin1(text));
}

/** `text` inside a JSON string the way Python's `json.dumps` writes it: ASCII only. */
export function pythonJson(text: string): string {
  return JSON.stringify(text).slice(1, -1).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `text` percent-encoded as Python's `urllib.parse.quote(text, safe="")` does. */
function pythonQuote(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `text` escaped for HTML, as Jinja2 and markupsafe do. */
function htmlEscaped(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&#34;").replaceAll("'", "&#39;");
}

/** Every encoding of `text` a server might echo it in, as the server writes it. */
export function encodings(text: string): string[] {
  const jsonInner = JSON.stringify(text).slice(1, -1);
  return [
    text,
    jsonInner,
    jsonInner.replaceAll("/", "\\/"),
    jsonInner.replaceAll("&", "\\u0026").replaceAll("<", "\\u003c").replaceAll(">", "\\u003e"),
    htmlEscaped(text),
    pythonQuote(text),
    encodeURIComponent(encodeURIComponent(text)),

    pythonJson(text),
    pythonJson(text).replace(/\\u[0-9a-f]{4}/g, (escape) => "\\u" + escape.slice(2).toUpperCase()),
    encodeURIComponent(text),
    new URLSearchParams({ s: text }).toString().slice(2),
    base64(text),
    base64(text).replace(/=+$/, ""),
    base64(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
  ];
}

/** `text` inside longer JSON text encoded whole in base64, at each of the three alignments. */
export function embeddedBase64(text: string): string[] {
  return ["", "x", "xy"].map((prefix) => base64(`${prefix}{"echo": "${text}"}`));
}

/** Every form of `secret` that would count as a leak: its encodings and their JSON escapes. */
export function leakForms(secret: string): string[] {
  const forms = new Set<string>();
  for (const form of [...encodings(secret), latin1(secret), ...cores(secret)]) {
    forms.add(form);
    forms.add(JSON.stringify(form).slice(1, -1));
  }
  return [...forms];
}

/**
 * The base64 characters only `secret`'s own bytes decide, wherever it sits in a longer text
 * encoded whole: one run per alignment, without the groups it shares with its neighbours.
 */
function cores(secret: string): string[] {
  return [0, 1, 2].map((shift) => {
    const text = base64("\0".repeat(shift) + secret);
    const bytes = shift + new TextEncoder().encode(secret).length;
    return text.slice(shift === 0 ? 0 : 4, Math.floor(bytes / 3) * 4);
  }).filter((core) => core.length >= 8);
}
