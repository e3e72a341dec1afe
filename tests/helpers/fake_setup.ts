/**
 * A fake Airflow for tests, driven through the real client and with raw fetch: every JSON answer
 * it gives is checked against its operation's response schema as the version the fake plays
 * defines it (no field or enum member of another version), and
 * {@link expectAnswersMatchedSchemas} reports the mismatches.
 *
 * @module
 */
import assert from "node:assert/strict";
import { Airflow } from "../../mod.ts";
import { check } from "../../src/core/validation.ts";
import { routes } from "../../src/v2/generated/operations.ts";
import { routes as v1Routes } from "../../src/v1/generated/operations.ts";
import { createRouter } from "../../src/testing/router.ts";
import { versionSchemas } from "./version_schemas.ts";
import {
  exampleDags,
  FakeAirflow,
  type FakeAirflowOptions,
  ManualClock,
} from "../../src/testing/mod.ts";

/** The fake's base URL. */
export const BASE = "http://airflow.fake";
const resolve = createRouter(routes);
const resolveV1 = createRouter(v1Routes);

/** Every JSON success answer seen, checked against its operation's response schema. */
const schemaProblems: string[] = [];
let schemaChecked = 0;

async function checkAnswer(request: Request, response: Response, version: string): Promise<void> {
  const type = response.headers.get("content-type") ?? "";
  if (!response.ok || !type.startsWith("application/json")) return;
  const path = new URL(request.url).pathname;
  const match = (path.startsWith("/api/v1/") ? resolveV1 : resolve)(request.method, path);
  if (match.kind !== "match") return;
  const schema = versionSchemas(version).get(match.operation.id);
  if (!schema) return;
  const body = await response.clone().json();
  const issues = check(schema, body, "");
  schemaChecked++;
  if (issues.length > 0) {
    schemaProblems.push(`${version} ${request.method} ${request.url}: ${JSON.stringify(issues)}`);
  }
}

/** A fake, its clock, a client on it, raw access and a token minter. */
export interface Setup {
  fake: FakeAirflow;
  clock: ManualClock;
  airflow: Airflow;
  /** The fake's fetch, with each answer checked against its schema. */
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  raw: (path: string, init?: RequestInit & { token?: string | null }) => Promise<Response>;
  token: (username?: string, password?: string) => Promise<string>;
}

/** A fake with the example DAGs (and `options`), and the ways to call it. */
export function setup(options: FakeAirflowOptions = {}): Setup {
  const clock = options.clock as ManualClock ?? new ManualClock(Date.UTC(2026, 10, 20, 10));
  const fake = new FakeAirflow({ dags: exampleDags(), ...options, clock });
  const checked = async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await fake.fetch(request.clone());
    await checkAnswer(request, response, options.version ?? "3.2.1");
    return response;
  };
  const airflow = new Airflow({ ...fake.clientOptions(), fetch: checked });
  const token = async (username = "admin", password = "admin") => {
    const response = await fake.fetch(`${BASE}/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    assert.equal(response.status, 201);
    return (await response.json()).access_token;
  };
  let adminToken: string | undefined;
  const raw = async (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token !== null) {
      headers.set("authorization", `Bearer ${init.token ?? (adminToken ??= await token())}`);
    }
    if (init.body !== undefined) headers.set("content-type", "application/json");
    return await checked(`${BASE}${path}`, { ...init, headers });
  };
  return { fake, clock, airflow, fetch: checked, raw, token };
}

/** The claims of a JWT. */
export function decodePayload(jwt: string): Record<string, unknown> {
  const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4)));
}

/** Percent-encodes a path segment. */
export const enc = encodeURIComponent;

/** Asserts that every JSON answer so far matched its schema, and that there were some. */
export function expectAnswersMatchedSchemas(): void {
  assert.ok(schemaChecked >= 10, `only ${schemaChecked} answers checked`);
  assert.deepEqual(schemaProblems, []);
}
