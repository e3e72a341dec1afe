/**
 * A Cloudflare Worker that runs the smoke suite against the fake named by `?airflow=` and
 * answers with the report as JSON. Bundled from the installed package with esbuild.
 *
 * @module
 */
import * as kit from "@airflowkit/client";
import { runSmoke } from "./smoke.mjs";

export default {
  /** @param {Request} request */
  async fetch(request) {
    const airflow = new URL(request.url).searchParams.get("airflow");
    if (!airflow) return new Response("?airflow= is required", { status: 400 });
    return Response.json(await runSmoke(kit, airflow));
  },
};
