/**
 * Cloudflare Access: checks the `Cf-Access-Jwt-Assertion` that Access adds to each request it
 * lets through, an RS256 JWT signed by one of the team's keys (published at
 * `<team domain>/cdn-cgi/access/certs`) for the application's audience. The keys are fetched
 * once and again when a token names one not known yet.
 *
 * @module
 */
import type { AccessSettings } from "../config/config.ts";

/** Seconds of clock difference tolerated on `exp` and `nbf`. */
const LEEWAY = 60;

/** The shortest time between two fetches of the keys, in milliseconds. */
const REFETCH_AFTER = 30_000;

interface Jwk {
  kid?: string;
  kty?: string;
  n?: string;
  e?: string;
}

function decodePart(part: string): Uint8Array<ArrayBuffer> {
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(
    Math.ceil(part.length / 4) * 4,
    "=",
  );
  const binary = atob(base64);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function decodeJson(part: string): Record<string, unknown> {
  const value = JSON.parse(new TextDecoder().decode(decodePart(part)));
  if (typeof value !== "object" || value === null) throw new Error("not an object");
  return value;
}

/** Checks Access assertions for one application. */
export class AccessVerifier {
  readonly #settings: AccessSettings;
  readonly #fetch: typeof fetch;
  #keys = new Map<string, CryptoKey>();
  #fetchedAt = -Infinity;

  /**
   * @param settings The team's domain and the application's audience.
   * @param fetcher How to fetch the keys. Default: the global `fetch`.
   */
  constructor(settings: AccessSettings, fetcher: typeof fetch = fetch) {
    this.#settings = settings;
    this.#fetch = fetcher;
  }

  async #refresh(): Promise<void> {
    if (Date.now() - this.#fetchedAt < REFETCH_AFTER) return;
    this.#fetchedAt = Date.now();
    const response = await this.#fetch.call(
      undefined,
      `${this.#settings.teamDomain}/cdn-cgi/access/certs`,
    );
    if (!response.ok) throw new Error(`Access keys: HTTP ${response.status}`);
    const { keys } = await response.json() as { keys?: Jwk[] };
    const imported = new Map<string, CryptoKey>();
    for (const key of keys ?? []) {
      if (key.kty !== "RSA" || !key.kid || !key.n || !key.e) continue;
      imported.set(
        key.kid,
        await crypto.subtle.importKey(
          "jwk",
          { kty: "RSA", n: key.n, e: key.e, alg: "RS256", ext: true },
          { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
          false,
          ["verify"],
        ),
      );
    }
    this.#keys = imported;
  }

  async #key(kid: string): Promise<CryptoKey | undefined> {
    if (!this.#keys.has(kid)) await this.#refresh();
    return this.#keys.get(kid);
  }

  /**
   * Whether `token` is a valid assertion for this application, now.
   *
   * @param token The `Cf-Access-Jwt-Assertion` header's value.
   */
  async verify(token: string, now = Date.now()): Promise<boolean> {
    const parts = token.split(".");
    if (parts.length !== 3) return false;
    try {
      const header = decodeJson(parts[0]);
      if (header.alg !== "RS256" || typeof header.kid !== "string") return false;
      const key = await this.#key(header.kid);
      if (!key) return false;
      const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
      const valid = await crypto.subtle.verify(
        "RSASSA-PKCS1-v1_5",
        key,
        decodePart(parts[2]),
        signed,
      );
      if (!valid) return false;
      const claims = decodeJson(parts[1]);
      const seconds = now / 1000;
      const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      return audience.includes(this.#settings.audience) &&
        claims.iss === this.#settings.teamDomain &&
        typeof claims.exp === "number" && claims.exp + LEEWAY > seconds &&
        (typeof claims.nbf !== "number" || claims.nbf - LEEWAY <= seconds);
    } catch {
      return false;
    }
  }
}
