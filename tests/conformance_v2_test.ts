/** Conformance of the Airflow 3 client against Prism on each official `/api/v2` spec. */
import { Airflow } from "../mod.ts";
import * as operations from "../src/v2/generated/operations.ts";
import { V2_NAMES } from "../scripts/codegen/names_v2.ts";
import { conformanceTests } from "./helpers/conformance.ts";

for (const version of ["3.0.2", "3.1.8", "3.2.1"]) {
  await conformanceTests({
    label: `Prism ${version}`,
    specFile: new URL(`../../shared/openapi/airflow-${version}-api-v2.yaml`, import.meta.url)
      .pathname,
    pathPrefix: "",
    routes: operations.routes,
    api: "v2",
    names: V2_NAMES,
    client: (url) => new Airflow({ baseUrl: url, auth: { token: "conformance-token" } }),
  });
}
