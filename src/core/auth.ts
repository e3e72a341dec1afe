/**
 * Supplies the `Authorization` header: a JWT minted from a username and password (Airflow 3),
 * HTTP Basic (Airflow 2), or a bearer token from the caller.
 *
 * @module
 */
import { untilAborted } from "./abort.ts";
import { AirflowError } from "./errors.ts";
import { jwtExpiry } from "./jwt.ts";
import type { AuthOptions, TokenSource } from "./options.ts";

/** Mints a JWT from a username and password, or rejects. */
export type TokenMinter = (credentials: { username: string; password: string }) => Promise<string>;

/** How a username and password are used: minted into a JWT, or sent as HTTP Basic. */
export type PasswordScheme = "jwt" | "basic";

/** A minted token is replaced when less than this is left of its life. */
const REFRESH_MARGIN_MS = 30_000;

/** Produces `Authorization` headers and renews them after a 401 where that can help. */
export class Authenticator {
  readonly #auth?: AuthOptions;
  readonly #scheme: PasswordScheme;
  readonly #mint: TokenMinter;
  #token?: { value: string; expiresAt?: number };
  #minting?: Promise<string>;
  /** The last token a token function returned, so that it too can be scrubbed. */
  #provided?: string;

  /**
   * @param auth The caller's credentials, if any.
   * @param scheme How a username and password are used.
   * @param mint How a JWT is minted, for the `jwt` scheme.
   */
  constructor(auth: AuthOptions | undefined, scheme: PasswordScheme, mint: TokenMinter) {
    this.#auth = auth;
    this.#scheme = scheme;
    this.#mint = mint;
  }

  /** What kind of credentials are configured, for display. Never the credentials themselves. */
  get kind(): "password" | "token" | "none" {
    if (!this.#auth) return "none";
    return "token" in this.#auth ? "token" : "password";
  }

  /**
   * Every credential this authenticator knows of (password, fixed token, the token function's
   * last answer, current JWT), so that text coming back from a server can be scrubbed of them.
   */
  knownSecrets(): string[] {
    const auth = this.#auth;
    if (!auth) return [];
    const secrets = this.#token ? [this.#token.value] : [];
    if ("token" in auth) {
      if (typeof auth.token === "string") secrets.push(auth.token);
      if (this.#provided) secrets.push(this.#provided);
    } else {
      secrets.push(auth.password, base64(`${auth.username}:${auth.password}`));
    }
    return secrets;
  }

  /** The header value to send, or `undefined` when no credentials are configured. */
  async header(signal?: AbortSignal): Promise<string | undefined> {
    const auth = this.#auth;
    if (!auth) return undefined;
    if ("token" in auth) {
      const token = await resolveToken(auth.token);
      if (typeof auth.token === "function") this.#provided = token;
      return `Bearer ${token}`;
    }
    if (this.#scheme === "basic") {
      return `Basic ${base64(`${auth.username}:${auth.password}`)}`;
    }
    return `Bearer ${await untilAborted(this.#jwt(auth), signal)}`;
  }

  /**
   * Called after a 401 answered a request sent with `usedHeader`. Returns whether a retry may
   * succeed: a minted token is dropped (unless another request has renewed it meanwhile) and a
   * token function is asked again; a fixed token or Basic credentials will not change.
   */
  renewAfterUnauthorized(usedHeader: string | undefined): boolean {
    const auth = this.#auth;
    if (!auth || usedHeader === undefined) return false;
    if ("token" in auth) return typeof auth.token === "function";
    if (this.#scheme === "basic") return false;
    if (this.#token && `Bearer ${this.#token.value}` === usedHeader) this.#token = undefined;
    return true;
  }

  /** The cached JWT, or the one mint in flight that concurrent requests share. */
  #jwt(credentials: { username: string; password: string }): Promise<string> {
    const token = this.#token;
    if (
      token && (token.expiresAt === undefined || token.expiresAt - Date.now() > REFRESH_MARGIN_MS)
    ) {
      return Promise.resolve(token.value);
    }
    this.#minting ??= this.#mint(credentials).then(
      (value) => {
        this.#token = { value, expiresAt: jwtExpiry(value) };
        this.#minting = undefined;
        return value;
      },
      (error) => {
        this.#minting = undefined;
        throw error;
      },
    );
    return this.#minting;
  }
}

async function resolveToken(source: TokenSource): Promise<string> {
  const token = typeof source === "function" ? await source() : source;
  if (typeof token !== "string" || token.length === 0) {
    throw new AirflowError("auth.token must be, or return, a non-empty string");
  }
  return token;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
