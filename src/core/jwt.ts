/**
 * Reading the times of a JWT without checking its signature: the client only needs to know when
 * to mint a new one.
 *
 * @module
 */
import { fromBase64url } from "./base64url.ts";

/** When a JWT was issued and expires, in milliseconds since the epoch, by the issuer's clock. */
export interface JwtTimes {
  issuedAt?: number;
  expiresAt?: number;
}

/** The `iat` and `exp` claims of a JWT, where it has them. */
export function jwtTimes(token: string): JwtTimes {
  const payload = token.split(".")[1];
  if (!payload) return {};
  try {
    const claims = JSON.parse(fromBase64url(payload));
    const time = (value: unknown) => typeof value === "number" ? value * 1000 : undefined;
    return { issuedAt: time(claims?.iat), expiresAt: time(claims?.exp) };
  } catch {
    return {};
  }
}
