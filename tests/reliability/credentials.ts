/**
 * Credentials stay home: a hostile server echoes the Authorization header into error details,
 * bodies and redirects, and every way the client, its errors and its middleware events can be
 * shown is searched for the secrets.
 */
import assert from "node:assert/strict";
import { Airflow, AirflowError, type Middleware } from "../../mod.ts";
import { AirflowV1 } from "../../src/v1/mod.ts";
import { dag, jwt } from "../helpers/fake_fetch.ts";
import {
  type FaultServer,
  json,
  type Plan,
  redirect,
  reply,
  type SeenRequest,
  startFaultServer,
} from "../helpers/fault_server.ts";
import type { ReliabilityReport } from "./report.ts";

const USERNAME = "admin";
const PASSWORD = "pa55-w0rd-c0rrect-h0rse";
const TOKEN = "t0ken-s3cret-2f9a7c";
const MINTED = jwt(Math.floor(Date.now() / 1000) + 3600, "minted-subject-7e1d");
const BASIC = btoa(`${USERNAME}:${PASSWORD}`);
const SECRETS = [PASSWORD, TOKEN, MINTED, BASIC];

/** Every way a value can be shown, in one string. */
function shown(value: unknown): string {
  if (value === undefined) return "";
  const parts = [
    String(value),
    safeJson(value),
    Deno.inspect(value, { depth: 10, showHidden: true }),
  ];
  if (value instanceof Error) parts.push(value.message, value.stack ?? "", shown(value.cause));
  if (value instanceof AirflowError && "body" in value) parts.push(shown(value.body));
  return parts.join("\n");
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch (error) {
    return String(error);
  }
}

function leaks(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

/**
 * Answers by the last path segment: a token, a DAG, an error echoing the credentials, a body
 * echoing them, a redirect to `elsewhere`, or no answer at all.
 */
function hostile(request: SeenRequest, elsewhere: string): Plan | Promise<Plan> {
  const echoed = `${request.headers.get("authorization")} ${request.body}`;
  switch (request.url.pathname.split("/").at(-1)) {
    case "token":
      return json({ access_token: MINTED }, 201);
    case "echo-error":
      return json({ detail: `refused ${echoed}`, title: echoed, status: 400 }, 400);
    case "echo-body":
      return json({ dag_id: 42, note: echoed });
    case "echo-text":
      return reply(200, `not json: ${echoed}`, { "content-type": "text/html" });
    case "redirect":
      return redirect(307, `${elsewhere}/api/v2/dags/etl`);
    case "stall":
      return new Promise((resolve) => setTimeout(() => resolve(json(dag("late"))), 300));
    default:
      return json(dag("etl"));
  }
}

/** The calls made with each client: each answer the hostile server can give. */
const CALLS = ["etl", "echo-error", "echo-body", "echo-text", "redirect", "stall"];

export function register(report: ReliabilityReport): void {
  report.test("credentials", "secrets never appear in anything the client shows", async () => {
    const other = startFaultServer((request) =>
      json(dag(`seen ${request.headers.get("authorization")}`))
    );
    const home: FaultServer = startFaultServer((request) => hostile(request, other.url));
    const events: unknown[] = [];
    const recorder: Middleware = {
      onRequest: (event) => void events.push(event, [...event.headers]),
      onResponse: (event) => void events.push(event, [...event.headers]),
      onError: (event) => void events.push(event),
    };
    const options = { middleware: [recorder], timeout: 100, maxRetries: 0 };
    const clients: [string, Airflow | AirflowV1][] = [
      [
        "password (JWT)",
        new Airflow({
          baseUrl: home.url,
          auth: { username: USERNAME, password: PASSWORD },
          ...options,
        }),
      ],
      ["fixed token", new Airflow({ baseUrl: home.url, auth: { token: TOKEN }, ...options })],
      [
        "token function",
        new Airflow({ baseUrl: home.url, auth: { token: () => TOKEN }, ...options }),
      ],
      [
        "HTTP Basic (v1)",
        new AirflowV1({
          baseUrl: home.url,
          auth: { username: USERNAME, password: PASSWORD },
          ...options,
        }),
      ],
    ];
    const refused = new Airflow({
      baseUrl: "http://127.0.0.1:9",
      auth: { token: TOKEN },
      ...options,
    });
    try {
      const outputs: string[] = [];
      let errors = 0;
      for (const [, client] of [...clients, ["refused", refused] as const]) {
        outputs.push(shown(client), shown(client.dags), shown(client.dagRuns));
        for (const call of CALLS) {
          const outcome = await client.dags.get(call).then((value) => value, (error) => error);
          if (outcome instanceof Error) errors++;
          outputs.push(shown(outcome));
        }
      }
      outputs.push(...events.map(shown));
      const urls = [...home.requests, ...other.requests].map((request) => request.url.href);
      outputs.push(...urls);
      outputs.push(...other.requests.map((request) => shown([...request.headers])));

      const sent = home.requests.map((request) => request.headers.get("authorization") ?? "");
      for (const secret of [TOKEN, MINTED, BASIC]) {
        assert.ok(sent.some((header) => header.endsWith(secret)), `${secret} was never sent`);
      }
      assert.ok(home.requests.some((request) => request.body.includes(PASSWORD)), "no mint");
      assert.deepEqual(leaks(shown(new Error(`canary ${TOKEN}`))), [TOKEN], "the search works");
      assert.equal(other.requests.length, clients.length, "each GET redirect was followed");
      for (const request of other.requests) {
        assert.equal(request.headers.get("authorization"), null);
      }
      const redacted = events.filter((event) =>
        Array.isArray(event) &&
        event.some(([name, value]) => name === "authorization" && value === "[redacted]")
      );
      assert.ok(redacted.length >= CALLS.length * 2, "middleware saw the header, redacted");
      for (const output of outputs) assert.deepEqual(leaks(output), [], output);
      const bytes = outputs.reduce((sum, output) => sum + output.length, 0);
      return {
        subject: "a hostile server echoes Authorization and the request body into error " +
          "details, titles, a 200 body that fails validation, a non-JSON body and a " +
          "redirect; clients with a password (JWT), a fixed token, a token function and " +
          "HTTP Basic (v1), plus one whose server refuses connections",
        behaviour: "no password, token, minted JWT or Basic credential in any String(), " +
          "JSON.stringify or Deno.inspect of the clients, their errors (message, stack, cause, " +
          "body), the middleware events (headers show [redacted]) or any URL; the other " +
          "origin got no Authorization",
        figures: `${outputs.length.toLocaleString("en")} outputs searched ` +
          `(${(bytes / 1024).toFixed(0)} KB), ${errors} errors, ${events.length} middleware ` +
          `records, ${urls.length} URLs; 0 leaks`,
      };
    } finally {
      await Promise.all([home.close(), other.close()]);
    }
  });
}
