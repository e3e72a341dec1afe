/**
 * Conformance of the Airflow 2 client against Prism on the official `/api/v1` spec (2.10.0).
 * Prism serves the spec's paths at its root, so a fetch wrapper takes `/api/v1` off each URL.
 */
import { AirflowV1 } from "../src/v1/mod.ts";
import * as operations from "../src/v1/generated/operations.ts";
import { V1_NAMES } from "../scripts/codegen/names_v1.ts";
import { conformanceTests } from "./helpers/conformance.ts";

const PREFIX = "/api/v1";

/** Sends each request to Prism without the `/api/v1` prefix Prism does not serve. */
function atRoot(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (!url.pathname.startsWith(`${PREFIX}/`)) {
    throw new Error(`a v1 call outside ${PREFIX}: ${url.pathname}`);
  }
  url.pathname = url.pathname.slice(PREFIX.length);
  return fetch(new Request(url, request));
}

await conformanceTests({
  label: "Prism 2.10.0 (/api/v1)",
  specFile: new URL("../../shared/openapi/airflow-2.10.0-api-v1.yaml", import.meta.url).pathname,
  pathPrefix: PREFIX,
  api: "v1",
  routes: operations.routes,
  names: V1_NAMES,
  client: (url) =>
    new AirflowV1({
      baseUrl: url,
      auth: { username: "conformance", password: "conformance-password" },
      fetch: atRoot,
    }),
});
