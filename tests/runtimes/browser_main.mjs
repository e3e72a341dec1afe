/**
 * The page script: runs the smoke suite against the CORS-enabled fake named by `?airflow=` and
 * leaves the report on `globalThis.smokeReport` for the driver to read.
 *
 * @module
 */
import * as kit from "@airflowkit/client";
import { runSmoke } from "./smoke.mjs";

const airflow = new URL(location.href).searchParams.get("airflow");
runSmoke(kit, airflow).then(
  (report) => (globalThis.smokeReport = report),
  (error) => (globalThis.smokeReport = { error: String(error?.stack ?? error) }),
);
