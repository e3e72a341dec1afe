/**
 * Who may call the HTTP endpoint: the bearer tokens configured, or a request Cloudflare Access
 * let through, its assertion signed by the team's key for the application's audience. The keys
 * come from a `fetch` the test controls; the assertions are signed here.
 */
import assert from "node:assert/strict";
import { configFromEnv, createMcpHandler } from "../mod.ts";
import { AccessVerifier } from "../src/http/access.ts";
import { authorizer } from "../src/http/auth.ts";

const TEAM = "https://team.cloudflareaccess.com";
const AUDIENCE = "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2";
const TOKEN = "a-bearer-token-0123456789abcdef0123456789";

function base64url(bytes: Uint8Array | string): string {
  const raw = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

interface Team {
  fetcher: typeof fetch;
  fetched: () => number;
  sign(claims: Record<string, unknown>, kid?: string, key?: CryptoKey): Promise<string>;
  otherKey: CryptoKey;
}

async function team(): Promise<Team> {
  const algorithm = {
    name: "RSASSA-PKCS1-v1_5",
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: "SHA-256",
  };
  const pair = await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const other = await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const jwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
  let fetches = 0;
  const fetcher = ((input: string | URL | Request) => {
    fetches++;
    assert.equal(String(input), `${TEAM}/cdn-cgi/access/certs`);
    return Promise.resolve(Response.json({ keys: [{ ...jwk, kid: "key-1" }] }));
  }) as typeof fetch;
  return {
    fetcher,
    fetched: () => fetches,
    otherKey: other.privateKey,
    async sign(claims, kid = "key-1", key = pair.privateKey) {
      const head = base64url(JSON.stringify({ alg: "RS256", kid, typ: "JWT" }));
      const body = base64url(JSON.stringify(claims));
      const signature = await crypto.subtle.sign(
        "RSASSA-PKCS1-v1_5",
        key,
        new TextEncoder().encode(`${head}.${body}`),
      );
      return `${head}.${body}.${base64url(new Uint8Array(signature))}`;
    },
  };
}

const now = () => Math.floor(Date.now() / 1000);
const valid = () => ({
  aud: [AUDIENCE],
  iss: TEAM,
  exp: now() + 300,
  nbf: now() - 5,
  email: "a@b.c",
});

Deno.test("Access: a valid assertion passes; a wrong audience, issuer, key, kid or an expired one does not", async () => {
  const keys = await team();
  const verifier = new AccessVerifier({ teamDomain: TEAM, audience: AUDIENCE }, keys.fetcher);
  assert.equal(await verifier.verify(await keys.sign(valid())), true);
  assert.equal(await verifier.verify(await keys.sign({ ...valid(), aud: AUDIENCE })), true);
  assert.equal(await verifier.verify(await keys.sign({ ...valid(), aud: ["other"] })), false);
  assert.equal(
    await verifier.verify(await keys.sign({ ...valid(), iss: "https://evil.example" })),
    false,
  );
  assert.equal(await verifier.verify(await keys.sign({ ...valid(), exp: now() - 3_600 })), false);
  assert.equal(await verifier.verify(await keys.sign({ ...valid(), nbf: now() + 3_600 })), false);
  assert.equal(await verifier.verify(await keys.sign(valid(), "key-1", keys.otherKey)), false);
  assert.equal(await verifier.verify(await keys.sign(valid(), "key-2")), false);
  assert.equal(await verifier.verify("not.a.jwt"), false);
  assert.equal(await verifier.verify("nonsense"), false);
  const unsigned = (await keys.sign(valid())).replace(/\.[^.]+$/, ".");
  assert.equal(await verifier.verify(unsigned), false);
  assert.equal(keys.fetched(), 1, "the keys were fetched once; an unknown kid soon after waits");
});

Deno.test("bearer tokens: any configured one passes, others and other schemes do not", async () => {
  const second = "another-token-0123456789abcdef0123456789";
  const allowed = authorizer(
    configFromEnv({ AIRFLOW_URL: "http://a", MCP_BEARER_TOKEN: `${TOKEN},${second}` }),
  );
  const request = (authorization?: string) =>
    new Request("http://mcp/mcp", { headers: authorization ? { authorization } : {} });
  assert.equal(await allowed(request(`Bearer ${TOKEN}`)), true);
  assert.equal(await allowed(request(`bearer ${second}`)), true);
  assert.equal(await allowed(request(`Bearer ${TOKEN}x`)), false);
  assert.equal(await allowed(request(`Bearer ${TOKEN.slice(0, -1)}`)), false);
  assert.equal(await allowed(request(`Basic ${btoa(`u:${TOKEN}`)}`)), false);
  assert.equal(await allowed(request()), false);
  const access = new Request("http://mcp/mcp", { headers: { "cf-access-jwt-assertion": "x.y.z" } });
  assert.equal(await allowed(access), false, "no Access configured: an assertion means nothing");
});

Deno.test("the endpoint behind Access: a request with a valid assertion gets in, one without gets 401", async () => {
  const keys = await team();
  const config = configFromEnv({
    AIRFLOW_URL: "http://127.0.0.1:9",
    MCP_ACCESS_TEAM_DOMAIN: "team.cloudflareaccess.com",
    MCP_ACCESS_AUD: AUDIENCE,
  });
  const handler = createMcpHandler(config, { fetch: keys.fetcher, log: () => {} });
  const initialize = (headers: Record<string, string>) =>
    handler(
      new Request("http://mcp.example/mcp", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-06-18",
            capabilities: {},
            clientInfo: { name: "t", version: "1" },
          },
        }),
      }),
    );
  const admitted = await initialize({ "cf-access-jwt-assertion": await keys.sign(valid()) });
  assert.equal(admitted.status, 200);
  assert.match(await admitted.text(), /airflowkit-mcp/);
  const refused = await initialize({});
  assert.equal(refused.status, 401);
  await refused.body?.cancel();
  const forged = await initialize({
    "cf-access-jwt-assertion": await keys.sign(valid(), "key-1", keys.otherKey),
  });
  assert.equal(forged.status, 401);
  await forged.body?.cancel();
});

Deno.test("an endpoint with neither bearer tokens nor Access is refused as it is made", () => {
  assert.throws(
    () => createMcpHandler(configFromEnv({ AIRFLOW_URL: "http://a" })),
    /MCP_BEARER_TOKEN: is not set, nor Cloudflare Access/,
  );
});

Deno.test("CORS: an allowed origin is answered with its headers; others get 403", async () => {
  const handler = createMcpHandler(
    configFromEnv({
      AIRFLOW_URL: "http://a",
      MCP_BEARER_TOKEN: TOKEN,
      MCP_ALLOWED_ORIGINS: "https://inspector.example",
    }),
  );
  const preflight = await handler(
    new Request("http://mcp/mcp", {
      method: "OPTIONS",
      headers: { origin: "https://inspector.example" },
    }),
  );
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "https://inspector.example");
  assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /authorization/);
  const unauthorized = await handler(
    new Request("http://mcp/mcp", {
      method: "POST",
      headers: { origin: "https://inspector.example" },
    }),
  );
  assert.equal(unauthorized.status, 401);
  assert.equal(
    unauthorized.headers.get("access-control-allow-origin"),
    "https://inspector.example",
  );
  await unauthorized.body?.cancel();
  const other = await handler(
    new Request("http://mcp/mcp", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example" },
    }),
  );
  assert.equal(other.status, 403);
  await other.body?.cancel();
});
