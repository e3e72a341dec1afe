/**
 * Unpadded base64url, as JWTs and opaque tokens use it.
 *
 * @module
 */

/** Encodes text as unpadded base64url. */
export function base64url(bytes: Uint8Array | string): string {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  let binary = "";
  for (const byte of data) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes unpadded base64url to bytes; throws on garbage. */
export function base64urlBytes(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
}

/** Decodes unpadded base64url to text; throws on garbage. */
export function fromBase64url(text: string): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(base64urlBytes(text));
}
