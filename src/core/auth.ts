/**
 * Supplies the `Authorization` header: a JWT minted from a username and password (Airflow 3),
 * HTTP Basic (Airflow 2), or a bearer token from the caller.
 *
 * @module
 */
import { AirflowError, RequestValidationError } from "./errors.ts";
import { jwtTimes } from "./jwt.ts";
import type { AuthOptions, TokenSource } from "./options.ts";
import { base64, type Secret } from "./redaction.ts";

/** A minted JWT, and the server's clock when it answered (its `Date`), if it said. */
export interface Minted {
  token: string;
  serverTime?: number;
}

/** Mints a JWT from a username and password, or rejects. */
export type TokenMinter = (credentials: { username: string; password: string }) => Promise<Minted>;

/** How a username and password are used: minted into a JWT, or sent as HTTP Basic. */
export type PasswordScheme = "jwt" | "basic";

/**
 * A minted token is replaced when less than this share of its life is left, or 30 s, whichever
 * is less: a token that lives 30 s or less is not minted again before every call.
 */
const REFRESH_SHARE = 0.2;
const MAX_REFRESH_MARGIN_MS = 30_000;
/** Replaced tokens still scrubbed from answers. */
const RETIRED_KEPT = 8;
/** A token is used this long at least, whatever its claims say, so that no call mints anew. */
const MIN_USE_MS = 5_000;

/** A minted token, with when to replace it by this machine's clock. */
interface Token {
  value: string;
  refreshAt?: number;
}

/** Produces `Authorization` headers and renews them after a 401 where that can help. */
export class Authenticator {
  readonly #auth?: AuthOptions;
  readonly #scheme: PasswordScheme;
  readonly #mint: TokenMinter;
  #token?: Token;
  #minting?: Promise<string>;
  /** The last token a token function returned, so that it too can be scrubbed. */
  #provided?: string;
  /**
   * Tokens replaced lately (minted, or from the token function): a request sent with one may
   * still be in flight, and its answer may echo it.
   */
  readonly #retired: string[] = [];

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
  knownSecrets(): Secret[] {
    const auth = this.#auth;
    if (!auth) return [];
    const secrets: Secret[] = this.#retired.map((value) => ({ value }));
    if (this.#token) secrets.push({ value: this.#token.value });
    if ("token" in auth) {
      if (typeof auth.token === "string") secrets.push({ value: auth.token });
      if (this.#provided) secrets.push({ value: this.#provided });
    } else {
      secrets.push({ value: auth.password, pair: [auth.username, auth.password] });
    }
    return secrets;
  }

  /**
   * The header value to send when it is at hand without waiting (no credentials, a fixed token,
   * HTTP Basic, a minted token still fresh); `null` when it must be awaited from
   * {@link Authenticator.header}.
   */
  ready(): string | undefined | null {
    const auth = this.#auth;
    if (!auth) return undefined;
    if ("token" in auth) {
      if (typeof auth.token !== "string") return null;
      return `Bearer ${headerSafe(auth.token, "auth.token")}`;
    }
    if (this.#scheme === "basic") return `Basic ${base64(`${auth.username}:${auth.password}`)}`;
    const token = this.#token;
    if (token && (token.refreshAt === undefined || Date.now() < token.refreshAt)) {
      return `Bearer ${token.value}`;
    }
    return null;
  }

  /**
   * The header value to send, or `undefined` when no credentials are configured. The caller
   * bounds the wait (a token function or a mint may never settle).
   */
  async header(): Promise<string | undefined> {
    const auth = this.#auth;
    if (!auth) return undefined;
    if ("token" in auth) {
      const token = await resolveToken(auth.token);
      if (typeof auth.token === "function" && token !== this.#provided) {
        this.#retire(this.#provided);
        this.#provided = token;
      }
      return `Bearer ${headerSafe(token, "auth.token")}`;
    }
    if (this.#scheme === "basic") {
      return `Basic ${base64(`${auth.username}:${auth.password}`)}`;
    }
    return `Bearer ${await this.#jwt(auth)}`;
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
    if (this.#token && `Bearer ${this.#token.value}` === usedHeader) {
      this.#retire(this.#token.value);
      this.#token = undefined;
    }
    return true;
  }

  #retire(token: string | undefined): void {
    if (token === undefined) return;
    this.#retired.push(token);
    if (this.#retired.length > RETIRED_KEPT) this.#retired.shift();
  }

  /** The cached JWT, or the one mint in flight that concurrent requests share. */
  #jwt(credentials: { username: string; password: string }): Promise<string> {
    const token = this.#token;
    if (token && (token.refreshAt === undefined || Date.now() < token.refreshAt)) {
      return Promise.resolve(token.value);
    }
    const asked = Date.now();
    this.#minting ??= this.#mint(credentials).then(
      (minted) => {
        if (this.#token) this.#retire(this.#token.value);
        this.#token = { value: minted.token, refreshAt: refreshTime(minted, asked, Date.now()) };
        this.#minting = undefined;
        return minted.token;
      },
      (error) => {
        this.#minting = undefined;
        throw error;
      },
    );
    return this.#minting;
  }
}

/**
 * When to replace a token just minted, by this machine's clock: ahead of its `exp` by a share of
 * its life, with the expiry moved by how far the issuer's clock is from ours. The issuer's clock
 * is read from the token's `iat`, or else from the answer's `Date` (which a proxy in front may
 * have written). Whatever the claims say, a token is used for a few seconds, or half of what is
 * left of it, before it is replaced: no claim makes every call mint.
 *
 * @param asked When the mint was asked for, in milliseconds since the epoch.
 * @param answered When its answer arrived.
 */
export function refreshTime(minted: Minted, asked: number, answered: number): number | undefined {
  const { issuedAt, expiresAt } = jwtTimes(minted.token);
  if (expiresAt === undefined) return undefined;
  const issuerNow = issuedAt ?? minted.serverTime;
  const skew = issuerNow === undefined ? 0 : issuerNow - (asked + answered) / 2;
  const life = expiresAt - (issuerNow ?? asked + skew);
  const margin = Math.min(MAX_REFRESH_MARGIN_MS, Math.max(0, life) * REFRESH_SHARE);
  const left = expiresAt - skew - answered;
  return Math.max(expiresAt - skew - margin, answered + Math.min(MIN_USE_MS, left / 2));
}

/**
 * `value` if an HTTP header can carry it, else a `RequestValidationError` that names `what` and
 * not the value: `fetch` would refuse it with a message that quotes it.
 */
export function headerSafe(value: string, what: string): string {
  if (/^[\t\x20-\x7e]*$/.test(value)) return value;
  throw new RequestValidationError("authorization", [{
    path: what,
    message: "holds characters an HTTP header cannot carry (a line break, NUL or non-ASCII)",
  }]);
}

async function resolveToken(source: TokenSource): Promise<string> {
  const token = typeof source === "function" ? await source() : source;
  if (typeof token !== "string" || token.length === 0) {
    throw new AirflowError("auth.token must be, or return, a non-empty string");
  }
  return token;
}
