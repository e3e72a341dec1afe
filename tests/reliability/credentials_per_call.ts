/**
 * Credentials the client holds only for a moment: a header given to one call, a header whose
 * name says little (`Ocp-Apim-Subscription-Key`), a token a token function has since replaced,
 * and a token a redirect put in the URL. None may leak or travel to another origin.
 */
import assert from "node:assert/strict";
import { Airflow, AirflowError, APIError, type Middleware } from "../../mod.ts";
import { dag } from "../helpers/fake_fetch.ts";
import { json, redirect, reply, startFaultServer } from "../helpers/fault_server.ts";
import type { Finding, ReliabilityReport } from "./report.ts";
import { leakForms } from "./secret_forms.ts";

const PER_CALL = "per-call-secret-9f3e";
const SUBSCRIPTION = "azure-apim-key-1a7c";
const ROTATING = ["rotating-token-1-ab12", "rotating-token-2-cd34"];

function shown(values: unknown[]): string {
  return values.map((value) => {
    const parts = [Deno.inspect(value, { depth: 10, showHidden: true })];
    if (value instanceof Error) parts.push(String(value.stack), Deno.inspect(value.cause));
    return parts.join("\n");
  }).join("\n");
}

function leaked(text: string, secrets: string[]): string[] {
  return secrets.filter((secret) => leakForms(secret).some((form) => text.includes(form)));
}

function recorder(into: unknown[]): Middleware {
  return {
    onRequest: (event) => void into.push(event.url, [...event.headers]),
    onResponse: (event) => void into.push(event.url, [...event.headers]),
    onError: (event) => void into.push(event.url, event.error),
  };
}

export function register(report: ReliabilityReport): void {
  report.test("credentials", "headers given to one call, or named vaguely", async () => {
    const other = startFaultServer(() => json(dag("elsewhere")));
    const home = startFaultServer((request) => {
      const echo = `${request.headers.get("x-auth-token")} ${
        request.headers.get("ocp-apim-subscription-key")
      }`;
      return request.url.pathname.endsWith("/redir")
        ? redirect(307, `${other.url}/api/v2/dags/etl`)
        : json({ detail: `bad key ${echo}` }, 403, { "x-echo": echo });
    });
    try {
      const events: unknown[] = [];
      const airflow = new Airflow({
        baseUrl: home.url,
        headers: { "Ocp-Apim-Subscription-Key": SUBSCRIPTION },
        crossOriginRedirects: true,
        middleware: [recorder(events)],
      });
      const call = { headers: { "X-Auth-Token": PER_CALL } };
      assert.equal((await airflow.dags.get("redir", call)).dag_id, "elsewhere");
      const error = await airflow.dags.get("echo", call).catch((e) => e);
      assert.ok(error instanceof APIError, String(error));
      assert.match(error.message, /bad key \[redacted\] \[redacted\]/);
      const sentHome = home.requests.map((r) => r.headers.get("x-auth-token"));
      assert.deepEqual(sentHome, [PER_CALL, PER_CALL], "the call's header went home");
      const runtimeHeaders = new Set([
        "accept",
        "accept-encoding",
        "accept-language",
        "connection",
        "host",
        "sec-fetch-mode",
        "user-agent",
      ]);
      const elsewhere = [...other.requests[0].headers.keys()];
      assert.deepEqual(elsewhere.filter((name) => !runtimeHeaders.has(name)), [], "only Accept");
      assert.equal(error.headers?.get("x-echo"), "[redacted] [redacted]");
      const text = shown([error, ...events, [...(error.headers ?? [])]]);
      assert.deepEqual(leaked(text, [PER_CALL, SUBSCRIPTION]), []);
      return {
        subject: "X-Auth-Token given to one call, and Ocp-Apim-Subscription-Key in " +
          "options.headers; a 307 to another origin (crossOriginRedirects: true), and a 403 " +
          "echoing both in its detail and a response header",
        behaviour: "both sent home; the other origin got Accept and none of the caller's " +
          "headers; the error, its headers and the middleware events show [redacted]",
        figures: `${home.requests.length} requests at home, ${other.requests.length} elsewhere`,
      };
    } finally {
      await Promise.all([home.close(), other.close()]);
    }
  });

  report.test("credentials", "a token since replaced, and a token a redirect chose", async () => {
    const findings: Finding[] = [];
    let first = true;
    const rotating = startFaultServer(async (request) => {
      const seen = request.headers.get("authorization") ?? "";
      if (first) {
        first = false;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      return json({ dag_id: 7, seen }, 200, { "x-seen": seen });
    });
    try {
      let count = 0;
      const events: unknown[] = [];
      const airflow = new Airflow({
        baseUrl: rotating.url,
        auth: { token: () => ROTATING[Math.min(count++, 1)] },
        middleware: [recorder(events)],
      });
      const slow = airflow.dags.get("slow").catch((e) => e);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const fast = await airflow.dags.get("fast").catch((e) => e);
      const errors = [await slow, fast];
      assert.deepEqual(leaked(shown([...errors, ...events]), ROTATING), []);
      findings.push({
        subject: "a token function that returns a new token each call; the first call, " +
          "answered last, echoes the token it was sent with in a 200 body that fails the check",
        behaviour: "ResponseValidationError with [redacted]: replaced tokens are still known",
        figures: `${rotating.requests.length} requests`,
      });
    } finally {
      await rotating.close();
    }

    const token = "redirect-chosen-0123456789abcdef";
    const server = startFaultServer((request) =>
      request.url.searchParams.has("t")
        ? reply(200, JSON.stringify({ big: "x".repeat(4096) }), {
          "content-type": "application/json",
        })
        : redirect(307, `${request.url.pathname}?t=${token}`)
    );
    try {
      const events: unknown[] = [];
      const airflow = new Airflow({
        baseUrl: server.url,
        auth: { token },
        maxResponseBytes: 100,
        middleware: [recorder(events)],
      });
      const error = await airflow.dags.get("big").catch((e) => e);
      assert.ok(error instanceof AirflowError, String(error));
      assert.match(error.message, /larger than 100 bytes/);
      assert.deepEqual(leaked(shown([error, ...events]), [token]), []);
      findings.push({
        subject: "a 307 to the same path with the client's token in the query, then an answer " +
          "past maxResponseBytes",
        behaviour: "the error and the middleware events show the URL with [redacted]",
        figures: `${server.requests.length} requests`,
      });
    } finally {
      await server.close();
    }
    return findings;
  });
}
