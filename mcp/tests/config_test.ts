/** Configuration from the environment: defaults, refusals that name the variable, and secrecy. */
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { ConfigError, configFromEnv, Secret } from "../mod.ts";
import { secretsOf } from "../src/config/config.ts";

const BASE = { AIRFLOW_URL: "https://airflow.example.com/" };

Deno.test("defaults: read-only, 16000 bytes, 120 s, no HTTP credentials", () => {
  const config = configFromEnv(BASE);
  assert.equal(config.airflowUrl, "https://airflow.example.com");
  assert.equal(config.airflowCredentials, undefined);
  assert.equal(config.allowWrites, false);
  assert.equal(config.maxOutputBytes, 16_000);
  assert.equal(config.maxWaitSeconds, 120);
  assert.equal(config.pollIntervalSeconds, 2);
  assert.deepEqual(config.bearerTokens, []);
  assert.deepEqual(config.allowedOrigins, []);
});

Deno.test("every setting is read, trimmed and checked", () => {
  const config = configFromEnv({
    ...BASE,
    AIRFLOW_USERNAME: "svc",
    AIRFLOW_PASSWORD: "pw-1234",
    MCP_ALLOW_WRITES: " TRUE ",
    MCP_BEARER_TOKEN: `${"a".repeat(32)}, ${"b".repeat(40)}`,
    MCP_ACCESS_TEAM_DOMAIN: "team.cloudflareaccess.com",
    MCP_ACCESS_AUD: "aud-tag",
    MCP_ALLOWED_ORIGINS: "https://a.example, https://b.example",
    MCP_MAX_OUTPUT_BYTES: "4000",
    MCP_MAX_WAIT_SECONDS: "0",
    MCP_POLL_INTERVAL_SECONDS: "0.5",
    UNRELATED: { a: "binding" },
  });
  assert.equal(config.allowWrites, true);
  assert.equal(config.bearerTokens.length, 2);
  assert.deepEqual(config.access, {
    teamDomain: "https://team.cloudflareaccess.com",
    audience: "aud-tag",
  });
  assert.deepEqual(config.allowedOrigins, ["https://a.example", "https://b.example"]);
  assert.equal(config.maxOutputBytes, 4_000);
  assert.equal(config.maxWaitSeconds, 0);
  assert.equal(config.pollIntervalSeconds, 0.5);
  assert.deepEqual(secretsOf(config), ["pw-1234", "a".repeat(32), "b".repeat(40)]);
});

Deno.test("bad values are refused, naming the variable and never echoing a value", () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{}, "AIRFLOW_URL", /is not set/],
    [{ AIRFLOW_URL: "airflow" }, "AIRFLOW_URL", /is not a URL/],
    [{ AIRFLOW_URL: "ftp://airflow" }, "AIRFLOW_URL", /http or https/],
    [{ AIRFLOW_URL: "https://u:leaked-pw@airflow" }, "AIRFLOW_URL", /must not carry credentials/],
    [{ ...BASE, AIRFLOW_TOKEN: "leaked-pw", AIRFLOW_PASSWORD: "x" }, "AIRFLOW_TOKEN", /one kind/],
    [{ ...BASE, AIRFLOW_USERNAME: "svc" }, "AIRFLOW_PASSWORD", /is not set/],
    [{ ...BASE, MCP_ALLOW_WRITES: "sure" }, "MCP_ALLOW_WRITES", /true or false/],
    [{ ...BASE, MCP_BEARER_TOKEN: "leaked-pw" }, "MCP_BEARER_TOKEN", /at least 32 characters/],
    [{ ...BASE, MCP_MAX_OUTPUT_BYTES: "10" }, "MCP_MAX_OUTPUT_BYTES", /from 2000 to 1000000/],
    [{ ...BASE, MCP_POLL_INTERVAL_SECONDS: "NaN" }, "MCP_POLL_INTERVAL_SECONDS", /a number/],
    [{ ...BASE, MCP_ACCESS_AUD: "x" }, "MCP_ACCESS_TEAM_DOMAIN", /is not set/],
    [
      { ...BASE, MCP_ACCESS_AUD: "x", MCP_ACCESS_TEAM_DOMAIN: "http://team.example" },
      "MCP_ACCESS_TEAM_DOMAIN",
      /https/,
    ],
    [{ ...BASE, AIRFLOW_TOKEN: 42 }, "AIRFLOW_TOKEN", /must be a string/],
  ];
  for (const [env, variable, problem] of cases) {
    assert.throws(() => configFromEnv(env), (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.equal(error.variable, variable);
      assert.match(error.message, problem);
      assert.ok(!error.message.includes("leaked-pw"), error.message);
      return true;
    });
  }
});

Deno.test("credentials never show in JSON, String() or inspection of the configuration", () => {
  const config = configFromEnv({
    ...BASE,
    AIRFLOW_TOKEN: "airflow-token-value",
    MCP_BEARER_TOKEN: "bearer-token-value-0123456789abcdef",
  });
  const printed = [
    JSON.stringify(config),
    inspect(config, { depth: 10 }),
    Deno.inspect(config, { depth: 10 }),
    String(new Secret("airflow-token-value")),
    `${config.bearerTokens[0]}`,
  ];
  for (const text of printed) {
    assert.ok(!text.includes("token-value"), text);
    assert.match(text, /\[redacted\]/);
  }
  assert.equal(new Secret("x").reveal(), "x");
});
