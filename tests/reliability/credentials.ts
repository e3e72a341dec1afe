/**
 * Credentials stay home: a hostile server echoes every credential it receives, in every
 * encoding, into error details, bodies, headers and redirects, and every way the client, its
 * errors and its middleware events can be shown is searched for every form of the secrets.
 */
import assert from "node:assert/strict";
import { Airflow, AirflowError, type Middleware, RequestValidationError } from "../../mod.ts";
import { AirflowV1 } from "../../src/v1/mod.ts";
import { dag, jwt } from "../helpers/fake_fetch.ts";
import {
  type FaultServer,
  json,
  type Plan,
  raw,
  redirect,
  reply,
  type SeenRequest,
  startFaultServer,
} from "../helpers/fault_server.ts";
import type { Finding, ReliabilityReport } from "./report.ts";
import { embeddedBase64, encodings, latin1, leakForms, pythonJson } from "./secret_forms.ts";

const USERNAME = "admin";
/** A password with every character that JSON, URLs or base64 write differently. */
const PASSWORD = 'pa"ss\\w/rd+50%-grüße-ø';
/** Tokens travel in a header: visible ASCII, with the characters that get escaped. */
const TOKEN = 't0k"en\\s3c/ret+2f%9a';
const SHORT_TOKEN = "Zq%9";
const MINTED = jwt(Math.floor(Date.now() / 1000) + 3600, "minted-subject-7e1d");
/** Credentials set by hand in options.headers: an MWAA session cookie, an API key, a bearer. */
const SESSION = "mwaa-s3ss10n/+%ab";
const API_KEY = 'k3y"\\/+%-7f1';
const HAND_SET = "h4nd-set/+%-bearer";
const SECRETS = [
  PASSWORD,
  `${USERNAME}:${PASSWORD}`,
  TOKEN,
  SHORT_TOKEN,
  MINTED,
  SESSION,
  API_KEY,
  HAND_SET,
];
const LEAK_FORMS = SECRETS.flatMap((secret) => leakForms(secret).map((form) => ({ secret, form })));

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
  if (value instanceof AirflowError && "headers" in value && value.headers instanceof Headers) {
    parts.push(shown([...value.headers]));
  }
  return parts.join("\n");
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch (error) {
    return String(error);
  }
}

/** The secrets found in `text`, in any form. */
function leaks(text: string): string[] {
  return [...new Set(LEAK_FORMS.filter(({ form }) => text.includes(form)).map((l) => l.secret))];
}

/** The credentials a request carried, decoded as a server would: headers, Basic, the body. */
function received(request: SeenRequest): string[] {
  const values: string[] = [];
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const credential = authorization.replace(/^\S+\s+/, "");
    values.push(authorization, credential);
    if (authorization.startsWith("Basic ")) {
      const pair = new TextDecoder().decode(
        Uint8Array.from(atob(credential), (char) => char.charCodeAt(0)),
      );
      values.push(pair, ...pair.split(":"));
    }
  }
  const cookie = request.headers.get("cookie");
  if (cookie) values.push(cookie, ...cookie.split(";").map((part) => part.split("=")[1]));
  const apiKey = request.headers.get("x-api-key");
  if (apiKey) values.push(apiKey);
  if (request.body) {
    values.push(request.body);
    const password = JSON.parse(request.body)?.password;
    if (typeof password === "string") values.push(password);
  }
  return values.filter((value) => value !== USERNAME);
}

/** A complete answer whose header values are written as UTF-8 bytes, as a careless server does. */
function withRawHeaders(status: number, headers: [string, string][]): Plan {
  const lines = [`HTTP/1.1 ${status} Echo`, ...headers.map(([name, value]) => `${name}: ${value}`)];
  return raw(`${lines.join("\r\n")}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
}

/**
 * Answers by the last path segment: a token, a DAG, errors, bodies and headers echoing the
 * credentials in every encoding, a redirect to `elsewhere`, or no answer in time.
 */
function hostile(request: SeenRequest, elsewhere: string): Plan | Promise<Plan> {
  const echoed = received(request).flatMap((value) => [
    ...encodings(value),
    ...embeddedBase64(value),
  ]);
  const words = echoed.join(" ");
  switch (request.url.pathname.split("/").at(-1)) {
    case "token":
      return json({ access_token: MINTED }, 201);
    case "echo-error":
      return json({ detail: `refused ${words}`, title: words, status: 400 }, 400);
    case "echo-422":
      return json({
        detail: echoed.map((echo) => ({ loc: ["body", echo], msg: echo, input: echo })),
      }, 422);
    case "echo-body":
      return json({ dag_id: 42, note: echoed, [words]: words });
    case "echo-text":
      return reply(200, `<p>${words}</p><pre>"${echoed.map(pythonJson).join('", "')}"</pre>`, {
        "content-type": "text/html",
      });
    case "echo-long-text":
      return reply(502, `${"x".repeat(490)} ${words}`, { "content-type": "text/plain" });
    case "echo-headers":
      return withRawHeaders(400, [
        ...received(request).map((value, index): [string, string] => [
          index % 2 ? "set-cookie" : "x-echo",
          value.replace(/[\r\n]/g, ""),
        ]),
        ["x-echo-all", echoed.filter((echo) => /^[\x20-\x7e]*$/.test(echo)).join(" ")],
      ]);
    case "redirect":
      return redirect(307, `${elsewhere}/api/v2/dags/etl`);
    case "stall":
      return new Promise((resolve) => setTimeout(() => resolve(json(dag("late"))), 300));
    default:
      return json(dag("etl"));
  }
}

/** The calls made with each client: each answer the hostile server can give. */
const CALLS = [
  "etl",
  "echo-error",
  "echo-422",
  "echo-body",
  "echo-text",
  "echo-long-text",
  "echo-headers",
  "redirect",
  "stall",
];

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
    const options = {
      middleware: [recorder],
      timeout: 100,
      maxRetries: 0,
      crossOriginRedirects: true,
    };
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
        "token function (4 characters)",
        new Airflow({ baseUrl: home.url, auth: { token: () => SHORT_TOKEN }, ...options }),
      ],
      [
        "HTTP Basic (v1)",
        new AirflowV1({
          baseUrl: home.url,
          auth: { username: USERNAME, password: PASSWORD },
          ...options,
        }),
      ],
      [
        "credentials in options.headers",
        new Airflow({
          baseUrl: home.url,
          headers: {
            cookie: `session=${SESSION}; lang=en`,
            "x-api-key": API_KEY,
            authorization: `Bearer ${HAND_SET}`,
          },
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
      for (const [name, client] of [...clients, ["refused", refused] as const]) {
        outputs.push(shown(client), shown(client.dags), shown(client.dagRuns));
        for (const call of CALLS) {
          const outcome = await client.dags.get(call).then((value) => value, (error) => error);
          if (outcome instanceof Error) errors++;
          if (call.startsWith("echo-") && name !== "refused") {
            assert.ok(outcome instanceof AirflowError, `${name} ${call}: ${outcome}`);
            assert.match(shown(outcome), /\[redacted\]/, `${name} ${call}: the echo was scrubbed`);
          }
          outputs.push(shown(outcome));
        }
      }
      outputs.push(...events.map(shown));
      const urls = [...home.requests, ...other.requests].map((request) => request.url.href);
      outputs.push(...urls);
      outputs.push(...other.requests.map((request) => shown([...request.headers])));

      const sent = home.requests.flatMap((request) => [...request.headers.values()]).join("\n");
      for (const secret of [TOKEN, SHORT_TOKEN, MINTED, base64Pair(), SESSION, API_KEY, HAND_SET]) {
        assert.ok(sent.includes(secret), `${secret} was never sent`);
      }
      assert.ok(
        home.requests.some((request) => JSON.parse(request.body || "{}").password === PASSWORD),
      );
      for (const secret of SECRETS) {
        const canary = shown(new Error(`canary ${pythonJson(secret)}`));
        assert.ok(leaks(canary).includes(secret), `the search finds ${secret}`);
      }
      assert.equal(other.requests.length, clients.length, "each GET redirect was followed");
      for (const request of other.requests) {
        for (const name of ["authorization", "cookie", "x-api-key"]) {
          assert.equal(request.headers.get(name), null, `${name} went to another origin`);
        }
      }
      const redacted = events.filter((event) =>
        Array.isArray(event) &&
        event.some(([name, value]) => name === "authorization" && value === "[redacted]")
      );
      assert.ok(redacted.length >= CALLS.length * 2, "middleware saw the header, redacted");
      for (const output of outputs) assert.deepEqual(leaks(output), [], output);
      const bytes = outputs.reduce((sum, output) => sum + output.length, 0);
      return {
        subject: "a hostile server echoes every credential it receives (headers, the Basic " +
          "pair and its halves, the token request's body) raw, JSON-escaped, Python-escaped " +
          "(\\u00fc), percent- and form-encoded and in base64, into error details, titles, " +
          "422 issues, a 200 body that fails validation, HTML, a long 502 text, response " +
          "headers (Set-Cookie, UTF-8 bytes) and a redirect. Clients: a password (JWT), a fixed " +
          "token, a 4-character token function, HTTP Basic (v1), a session cookie, X-API-Key " +
          "and a hand-set Authorization in options.headers, and one whose server refuses " +
          'connections. The secrets hold ", \\, /, +, % and non-ASCII characters',
        behaviour: "every echo shows as [redacted]; no form of any secret in any String(), " +
          "JSON.stringify or Deno.inspect of the clients, their errors (message, stack, cause, " +
          "body, headers), the middleware events or any URL; the other origin got no " +
          "Authorization, Cookie or X-API-Key",
        figures: `${outputs.length.toLocaleString("en")} outputs searched ` +
          `(${(bytes / 1024).toFixed(0)} KB) for ${LEAK_FORMS.length} forms of ` +
          `${SECRETS.length} secrets, ${errors} errors, ${events.length} middleware records, ` +
          `${urls.length} URLs; 0 leaks`,
      };
    } finally {
      await Promise.all([home.close(), other.close()]);
    }
  });

  report.test("credentials", "credentials a header cannot carry are refused locally", async () => {
    const findings: Finding[] = [];
    const cases: [string, string][] = [
      ["a token function returning a token that ends in a line break", `${TOKEN}\n`],
      ["a token function returning a token with a NUL", `${TOKEN}\u0000x`],
      ["a token function returning a non-ASCII token", `${TOKEN}ü`],
    ];
    for (const [subject, token] of cases) {
      const server = startFaultServer(() => json(dag("etl")));
      try {
        let asked = 0;
        const airflow = new Airflow({
          baseUrl: server.url,
          auth: { token: () => (asked++, token) },
          maxRetries: 3,
        });
        const error = await airflow.dags.get("etl").catch((e) => e);
        assert.ok(error instanceof RequestValidationError, String(error));
        assert.deepEqual(leaks(shown(error)), []);
        assert.ok(!shown(error).includes(token.slice(0, 8)));
        assert.equal(server.requests.length, 0);
        assert.equal(asked, 1, "not retried");
        findings.push({
          subject,
          behaviour: `RequestValidationError: ${error.message}`,
          figures: `0 requests, token asked ${asked} time`,
        });
      } finally {
        await server.close();
      }
    }
    const headerCases: [string, Record<string, string>][] = [
      ["options.headers with an X-API-Key holding a line break", { "x-api-key": `${API_KEY}\n1` }],
      ["options.headers with a cookie holding a NUL", { cookie: `session=${SESSION}\u0000` }],
      [
        "options.headers with an X-API-Key holding Latin-1 (sent as raw bytes otherwise)",
        { "x-api-key": `${API_KEY}-grüße` },
      ],
    ];
    for (const [subject, headers] of headerCases) {
      const error = (() => {
        try {
          new Airflow({ baseUrl: "http://127.0.0.1:9", headers });
        } catch (error) {
          return error;
        }
      })();
      assert.ok(error instanceof AirflowError, String(error));
      assert.deepEqual(leaks(shown(error)), []);
      findings.push({ subject, behaviour: `AirflowError: ${error.message}`, figures: "no client" });
    }
    return findings;
  });
}

function base64Pair(): string {
  return btoa(latin1(`${USERNAME}:${PASSWORD}`));
}
