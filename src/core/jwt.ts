/**
 * Reads the expiry of a JWT without checking its signature: the client only needs to know when
 * to mint a new one.
 *
 * @module
 */
import { fromBase64url } from "./base64url.ts";

/** The `exp` claim of a JWT in milliseconds since the epoch, or `undefined` if it has none. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(fromBase64url(payload));
    return typeof claims?.exp === "number" ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
