import assert from "node:assert/strict";
import { Airflow, AuthenticationError } from "../mod.ts";
import { refreshTime } from "../src/core/auth.ts";
import { dag, fakeFetch, json, jwt } from "./helpers/fake_fetch.ts";

const BASE = "http://airflow.test";
const hour = () => Math.floor(Date.now() / 1000) + 3600;

Deno.test("password auth mints a JWT at POST /auth/token once and reuses it", async () => {
  const token = jwt(hour());
  const { fetch, requests } = fakeFetch((request) =>
    request.url.pathname === "/auth/token" ? json({ access_token: token }, 201) : json(dag("etl"))
  );
  const airflow = new Airflow({
    baseUrl: BASE,
    auth: { username: "admin", password: "pw" },
    fetch,
  });
  await airflow.dags.get("etl");
  await airflow.dags.get("etl");
  assert.equal(requests.filter((r) => r.url.pathname === "/auth/token").length, 1);
  assert.deepEqual(requests[0].body, { username: "admin", password: "pw" });
  for (const request of requests.slice(1)) {
    assert.equal(request.headers.get("authorization"), `Bearer ${token}`);
  }
});

/** A JWT issued at `iat` and expiring at `exp`, in seconds since the epoch. */
function jwtAt(iat: number, exp: number, subject: string): string {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${encode({ alg: "HS512" })}.${encode({ sub: subject, iat, exp })}.c2ln`;
}

/** Three calls with tokens from `mint`; how many tokens were minted, and the last one used. */
async function mintsFor(
  mint: (count: number) => { token: string; date?: string },
): Promise<{ mints: number; last: string }> {
  let mints = 0;
  const { fetch, requests } = fakeFetch((request) => {
    if (request.url.pathname !== "/auth/token") return json(dag("etl"));
    const { token, date } = mint(++mints);
    return json({ access_token: token }, 201, date ? { date } : {});
  });
  const airflow = new Airflow({ baseUrl: BASE, auth: { username: "a", password: "b" }, fetch });
  for (let call = 0; call < 3; call++) await airflow.dags.get("etl");
  const header = requests.at(-1)!.headers.get("authorization")!;
  return { mints, last: atob(header.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")) };
}

Deno.test("a minted token is replaced in the last fifth of its life, by the issuer's clock", () => {
  const now = 1_800_000_000_000;
  const at = (token: string, date?: number) => refreshTime({ token, serverTime: date }, now, now);
  const s = (ms: number) => Math.floor((now + ms) / 1000);
  // 100 s of life: replaced 20 s before exp; 600 s: 30 s before, the most.
  assert.equal(at(jwtAt(s(0), s(100_000), "a")), now + 80_000);
  assert.equal(at(jwtAt(s(0), s(600_000), "b")), now + 570_000);
  // An issuer an hour ahead of us: its iat sets the skew, whatever a proxy's Date says.
  assert.equal(at(jwtAt(s(3_600_000), s(4_200_000), "c"), now + 7_200_000), now + 570_000);
  // No iat: the answer's Date stands in for the issuer's clock.
  assert.equal(at(jwt(s(-3_000_000), "d"), now - 3_600_000), now + 570_000);
  // Nearly spent on arrival: still used for half of what is left, not minted on every call.
  assert.equal(at(jwtAt(s(0), s(2_000), "e")), now + 1_600);
  assert.equal(at(jwtAt(s(0), s(1_000), "f")), now + 800);
});

Deno.test("short-lived tokens and clocks far apart never make every call mint", async () => {
  const now = Math.floor(Date.now() / 1000);
  const cases: [string, () => { token: string; date?: string }][] = [
    ["20 s of life", () => ({ token: jwtAt(now, now + 20, "short") })],
    ["no iat", () => ({ token: jwt(now + 20, "no-iat") })],
    ["a Date an hour ahead", () => ({
      token: jwt(now + 3600 + 600),
      date: new Date((now + 3600) * 1000).toUTCString(),
    })],
    ["a Date an hour behind", () => ({
      token: jwt(now - 3600 + 600),
      date: new Date((now - 3600) * 1000).toUTCString(),
    })],
    ["a proxy's Date two minutes ahead of the issuer's iat", () => ({
      token: jwtAt(now, now + 60, "proxied"),
      date: new Date((now + 120) * 1000).toUTCString(),
    })],
  ];
  for (const [name, mint] of cases) assert.equal((await mintsFor(mint)).mints, 1, name);
});

Deno.test("a 401 mints once more and retries; a second 401 is thrown", async () => {
  let mints = 0;
  let calls = 0;
  const { fetch } = fakeFetch((request) => {
    if (request.url.pathname === "/auth/token") {
      mints++;
      return json({ access_token: jwt(hour(), `m${mints}`) }, 201);
    }
    calls++;
    return calls === 1 ? json({ detail: "expired" }, 401) : json(dag("etl"));
  });
  const airflow = new Airflow({ baseUrl: BASE, auth: { username: "a", password: "b" }, fetch });
  assert.equal((await airflow.dags.get("etl")).dag_id, "etl");
  assert.equal(mints, 2);

  const { fetch: alwaysDenied } = fakeFetch((request) =>
    request.url.pathname === "/auth/token"
      ? json({ access_token: jwt(hour()) }, 201)
      : json({ detail: "Invalid token" }, 401)
  );
  const denied = new Airflow({
    baseUrl: BASE,
    auth: { username: "a", password: "b" },
    fetch: alwaysDenied,
  });
  await assert.rejects(denied.dags.get("etl"), AuthenticationError);
});

Deno.test("concurrent requests share one mint in flight", async () => {
  let mints = 0;
  const { fetch } = fakeFetch(async (request) => {
    if (request.url.pathname === "/auth/token") {
      mints++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return json({ access_token: jwt(hour()) }, 201);
    }
    return json(dag("etl"));
  });
  const airflow = new Airflow({ baseUrl: BASE, auth: { username: "a", password: "b" }, fetch });
  await Promise.all(Array.from({ length: 50 }, () => airflow.dags.get("etl")));
  assert.equal(mints, 1);
});

Deno.test("a failed mint is an AuthenticationError without the password, and is retried next call", async () => {
  let mints = 0;
  const { fetch } = fakeFetch((request) => {
    if (request.url.pathname !== "/auth/token") return json(dag("etl"));
    mints++;
    return mints === 1
      ? json({ detail: "Invalid username or password" }, 401)
      : json({ access_token: jwt(hour()) }, 201);
  });
  const airflow = new Airflow({
    baseUrl: BASE,
    auth: { username: "a", password: "hunter2-secret" },
    fetch,
  });
  const error = await airflow.dags.get("etl").catch((e) => e);
  assert.ok(error instanceof AuthenticationError);
  assert.match(error.message, /POST http:\/\/airflow\.test\/auth\/token failed with 401/);
  assert.ok(!error.message.includes("hunter2-secret"));
  assert.equal((await airflow.dags.get("etl")).dag_id, "etl");
});

Deno.test("token auth: a string, or an async provider asked again after a 401", async () => {
  const { fetch, requests } = fakeFetch(() => json(dag("etl")));
  await new Airflow({ baseUrl: BASE, auth: { token: "static" }, fetch }).dags.get("etl");
  assert.equal(requests[0].headers.get("authorization"), "Bearer static");

  let issued = 0;
  const provider = () => Promise.resolve(`google-${++issued}`);
  const { fetch: rejectsFirst, requests: seen } = fakeFetch((_, index) =>
    index === 0 ? json({ detail: "expired" }, 401) : json(dag("etl"))
  );
  const airflow = new Airflow({ baseUrl: BASE, auth: { token: provider }, fetch: rejectsFirst });
  await airflow.dags.get("etl");
  assert.deepEqual(seen.map((r) => r.headers.get("authorization")), [
    "Bearer google-1",
    "Bearer google-2",
  ]);
});

Deno.test("no auth sends no Authorization; public operations never send or mint credentials", async () => {
  const { fetch, requests } = fakeFetch((request) =>
    request.url.pathname === "/api/v2/version"
      ? json({ version: "3.2.1", git_version: null })
      : json(dag("etl"))
  );
  await new Airflow({ baseUrl: BASE, fetch }).dags.get("etl");
  assert.equal(requests[0].headers.get("authorization"), null);

  const authed = new Airflow({ baseUrl: BASE, auth: { username: "a", password: "b" }, fetch });
  await authed.version.get();
  assert.equal(requests.length, 2, "no token was minted for a public operation");
  assert.equal(requests[1].headers.get("authorization"), null);
});

Deno.test("bad auth options fail at construction", () => {
  const cases: unknown[] = [{ token: "" }, { username: "" }, { username: "a" }, "secret", {
    token: 5,
  }];
  for (const auth of cases) {
    // deno-lint-ignore no-explicit-any
    assert.throws(() => new Airflow({ baseUrl: BASE, auth: auth as any }), /options\.auth/);
  }
  assert.throws(
    () => new Airflow({ baseUrl: "http://user:pw@host" }),
    /must not contain credentials/,
  );
  assert.throws(() => new Airflow({ baseUrl: "not a url" }), /not a valid URL/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => new Airflow({} as any), /baseUrl is required/);
});
