/**
 * Users, the JWTs the fake mints for them at `POST /auth/token`, and what each role may do.
 *
 * @module
 */
import type { FakeClock } from "./clock.ts";
import { base64url, fromBase64url } from "../core/base64url.ts";
import { fail, json, type ValidationIssue } from "./http.ts";
import type { FakeUser } from "./seed.ts";

/** The users of a fake that was given none. */
export const DEFAULT_USERS: readonly FakeUser[] = [
  { username: "admin", password: "admin", role: "admin" },
];

/** Mints and checks HS256 JWTs with a key that lives as long as the fake. */
export class TokenService {
  readonly #users: readonly FakeUser[];
  readonly #clock: FakeClock;
  readonly #lifetimeSeconds: number;
  readonly #revoked = new Set<string>();
  #key?: Promise<CryptoKey>;

  constructor(users: readonly FakeUser[], clock: FakeClock, lifetimeSeconds: number) {
    this.#users = users;
    this.#clock = clock;
    this.#lifetimeSeconds = lifetimeSeconds;
  }

  /** Answers `POST /auth/token`. */
  async handleTokenRequest(request: Request): Promise<Response> {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      body = undefined;
    }
    const record = body !== null && typeof body === "object" ? body as Record<string, unknown> : {};
    const issues: ValidationIssue[] = ["username", "password"].flatMap((name) =>
      typeof record[name] === "string"
        ? []
        : [{ type: "missing", loc: ["body", name], msg: "Field required", input: null }]
    );
    if (issues.length > 0) fail(422, issues);
    const user = this.#users.find((candidate) =>
      candidate.username === record.username && candidate.password === record.password
    );
    if (!user) fail(401, "Invalid credentials");
    return json({ access_token: await this.mint(user) }, 201);
  }

  /** A signed token for `user`, valid for the configured lifetime from the clock's now. */
  async mint(user: FakeUser): Promise<string> {
    const iat = Math.floor(this.#clock.now() / 1000);
    const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const payload = base64url(JSON.stringify({
      sub: user.username,
      role: user.role,
      iat,
      nbf: iat,
      exp: iat + this.#lifetimeSeconds,
      jti: crypto.randomUUID(),
    }));
    const signature = await this.#sign(`${header}.${payload}`);
    return `${header}.${payload}.${signature}`;
  }

  /** The user a request's bearer token belongs to; throws a 401 otherwise. */
  async authenticate(request: Request): Promise<FakeUser> {
    const header = request.headers.get("authorization");
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) fail(401, "Not authenticated");
    const [head, payload, signature] = match[1].split(".");
    if (!head || !payload || !signature || signature !== await this.#sign(`${head}.${payload}`)) {
      fail(401, "Invalid JWT token");
    }
    let claims: { sub?: unknown; exp?: unknown; jti?: unknown };
    try {
      claims = JSON.parse(fromBase64url(payload));
    } catch {
      fail(401, "Invalid JWT token");
    }
    const user = this.#users.find((candidate) => candidate.username === claims.sub);
    if (!user || typeof claims.exp !== "number") fail(401, "Invalid JWT token");
    if (this.#revoked.has(String(claims.jti))) fail(401, "Invalid JWT token");
    if (claims.exp * 1000 <= this.#clock.now()) fail(401, "Token has expired");
    return user;
  }

  /** Revokes the bearer token of a request, if it carries one of ours, as logout does. */
  async revoke(request: Request): Promise<void> {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
    const [head, payload, signature] = match?.[1].split(".") ?? [];
    if (!head || !payload || signature !== await this.#sign(`${head}.${payload}`)) return;
    try {
      this.#revoked.add(String(JSON.parse(fromBase64url(payload)).jti));
    } catch {
      // not a token of ours
    }
  }

  async #sign(data: string): Promise<string> {
    this.#key ??= crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]) as Promise<CryptoKey>;
    const key = await this.#key;
    const signature = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(data));
    return base64url(new Uint8Array(signature));
  }
}

/** Throws a 403 unless `user` may call `method` on `path`. */
export function authorize(user: FakeUser, method: string, path: string): void {
  if (method === "GET" || method === "HEAD" || user.role === "admin") return;
  if (user.role === "user" && path.startsWith("/api/v2/dags/")) return;
  if (user.role === "user" && path === "/api/v2/dags") return;
  fail(403, "Forbidden");
}
