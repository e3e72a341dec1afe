/**
 * Who may call the HTTP endpoint: a client sending one of the configured bearer tokens, or a
 * request Cloudflare Access let through (its signed assertion checked). Tokens are compared by
 * their SHA-256 digests in constant time.
 *
 * @module
 */
import { ConfigError, type McpConfig } from "../config/config.ts";
import { AccessVerifier } from "./access.ts";

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let index = 0; index < a.length && index < b.length; index++) {
    difference |= a[index] ^ b[index];
  }
  return difference === 0;
}

/** Decides whether a request may reach the MCP endpoint. */
export type Authorizer = (request: Request) => Promise<boolean>;

/**
 * The authorizer for `config`.
 *
 * @throws {ConfigError} When neither bearer tokens nor Access are configured: an HTTP endpoint
 * is never left open.
 */
export function authorizer(config: McpConfig, fetcher?: typeof fetch): Authorizer {
  if (config.bearerTokens.length === 0 && !config.access) {
    throw new ConfigError(
      "MCP_BEARER_TOKEN",
      "is not set, nor Cloudflare Access (MCP_ACCESS_TEAM_DOMAIN and MCP_ACCESS_AUD): the HTTP " +
        "endpoint needs one of them; make a token with `openssl rand -hex 32`",
    );
  }
  const expected = Promise.all(config.bearerTokens.map((token) => digest(token.reveal())));
  const access = config.access ? new AccessVerifier(config.access, fetcher) : undefined;
  return async (request) => {
    const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (bearer !== undefined) {
      const given = await digest(bearer);
      let match = false;
      for (const token of await expected) match = sameBytes(given, token) || match;
      if (match) return true;
    }
    const assertion = request.headers.get("cf-access-jwt-assertion");
    return access !== undefined && assertion !== null && await access.verify(assertion);
  };
}
