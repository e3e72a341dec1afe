/**
 * A Cloudflare Worker that runs the smoke suite against the fake named by `?airflow=` and
 * answers with the report as JSON. Bundled from the installed package with esbuild.
 *
 * @module
 */
import * as kit from "@airflowkit/client";
import { runSmoke } from "./smoke.mjs";

/**
 * A client kept across requests, as a Worker keeps its connections: its `fetch` answers
 * `/version` and never answers anything else, so only the client's own time bound ends a call.
 */
const kept = new kit.Airflow({
  baseUrl: "http://airflow.invalid",
  auth: { token: "t" },
  maxRetries: 0,
  fetch: (request) =>
    new URL(request.url).pathname.endsWith("/version")
      ? Promise.resolve(Response.json({ version: "3.2.1", git_version: null }))
      : new Promise(() => {}),
});

/**
 * `/kept/quick` makes two calls that end; `/kept/stalled`, in a later request, one that only its
 * 1.5 s bound can end, later than the earlier calls' bounds would have been: a bound must not
 * depend on a timer set by an earlier request, which workerd drops when that request ends.
 */
async function keptClient(step) {
  if (step === "quick") {
    await kept.version.get({ timeout: 1_000 });
    await kept.version.get({ timeout: 1_000 });
    return "quick calls ended";
  }
  const outcome = kept.dags.get("stalled", { timeout: 1_500 }).then(
    () => "answered",
    (error) => error instanceof kit.APITimeoutError ? "APITimeoutError" : String(error),
  );
  const hang = new Promise((resolve) => setTimeout(() => resolve("no end after 5 s"), 5_000));
  return await Promise.race([outcome, hang]);
}

export default {
  /** @param {Request} request */
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/kept/")) {
      return new Response(await keptClient(url.pathname.slice("/kept/".length)));
    }
    const airflow = url.searchParams.get("airflow");
    if (!airflow) return new Response("?airflow= is required", { status: 400 });
    return Response.json(await runSmoke(kit, airflow));
  },
};
