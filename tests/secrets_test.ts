import assert from "node:assert/strict";
import { Airflow } from "../mod.ts";
import { fakeFetch, json, jwt } from "./helpers/fake_fetch.ts";

const BASE = "http://airflow.test";
const PASSWORD = "pa55-w0rd-s3cret";
const TOKEN = "tok3n-s3cret-value";

/** Every way an object can be shown, in one string. */
function shown(value: unknown): string {
  return [
    String(value),
    JSON.stringify(value) ?? "",
    Deno.inspect(value, { depth: 10, showHidden: true }),
    value instanceof Error ? `${value.message} ${value.stack} ${Deno.inspect(value.cause)}` : "",
  ].join("\n");
}

Deno.test("credentials never show in String, JSON, inspect or errors of the client", async () => {
  const minted = jwt(Math.floor(Date.now() / 1000) + 3600);
  const { fetch } = fakeFetch((request) => {
    if (request.url.pathname === "/auth/token") return json({ access_token: minted }, 201);
    return json({ detail: `denied for ${request.headers.get("authorization")}` }, 403);
  });
  const clients = [
    new Airflow({ baseUrl: BASE, auth: { username: "admin", password: PASSWORD }, fetch }),
    new Airflow({ baseUrl: BASE, auth: { token: TOKEN }, fetch }),
    new Airflow({ baseUrl: BASE, auth: { token: () => TOKEN }, fetch }),
  ];
  for (const airflow of clients) {
    const error = await airflow.dags.get("etl").catch((e) => e);
    const text = shown(airflow) + shown(airflow.dags) + shown(error) + shown(error.body);
    for (const secret of [PASSWORD, TOKEN, minted]) assert.ok(!text.includes(secret), text);
    assert.match(String(airflow), /^Airflow\(http:\/\/airflow\.test, auth: (password|token)\)$/);
  }
  assert.deepEqual(JSON.parse(JSON.stringify(clients[0])), { baseUrl: BASE, auth: "password" });
});

Deno.test("errors carry no credentials even when the server echoes the Authorization header", async () => {
  const { fetch } = fakeFetch((request) =>
    json({ detail: `bad header ${request.headers.get("authorization")}` }, 400)
  );
  const airflow = new Airflow({ baseUrl: BASE, auth: { token: TOKEN }, fetch });
  const error = await airflow.dags.get("etl").catch((e) => e);
  const text = shown(error) + shown(error.body) + shown(error.detail);
  assert.ok(!text.includes(TOKEN), text);
  assert.match(error.message, /\[redacted\]/);
});
