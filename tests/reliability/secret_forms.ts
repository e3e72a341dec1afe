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

/** Every encoding of `text` a server might echo it in, as the server writes it. */
export function encodings(text: string): string[] {
  const jsonInner = JSON.stringify(text).slice(1, -1);
  return [
    text,
    jsonInner,
    jsonInner.replaceAll("/", "\\/"),
    pythonJson(text),
    pythonJson(text).replace(/\\u[0-9a-f]{4}/g, (escape) => "\\u" + escape.slice(2).toUpperCase()),
    encodeURIComponent(text),
    new URLSearchParams({ s: text }).toString().slice(2),
    base64(text),
    base64(text).replace(/=+$/, ""),
    base64(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
  ];
}

/** Every form of `secret` that would count as a leak: its encodings and their JSON escapes. */
export function leakForms(secret: string): string[] {
  const forms = new Set<string>();
  for (const form of [...encodings(secret), latin1(secret)]) {
    forms.add(form);
    forms.add(JSON.stringify(form).slice(1, -1));
  }
  return [...forms];
}
