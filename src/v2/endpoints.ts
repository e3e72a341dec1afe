/**
 * The operations that `/api/v2`'s hand-written methods (`dagRuns.wait`, `taskInstances.logs`,
 * `variables.set`, …) are made of, as data for the shared implementations in `core/`.
 *
 * @module
 */
import type { LogEndpoints } from "../core/log_source.ts";
import type { RunEndpoints } from "../core/run_source.ts";
import type { VariableEndpoints } from "../core/variable_setter.ts";
import * as op from "./generated/operations.ts";

/** Airflow 3 streams a run's state from 3.1 on, and sends values as the JSON text it stored. */
export const RUNS: RunEndpoints = {
  getRun: op.getDagRun,
  getXcom: op.getXcomEntry,
  listXcoms: op.getXcomEntries,
  decodeValues: true,
  waitStream: op.waitDagRunUntilFinished,
};

/**
 * Airflow 3's logs: NDJSON, whose every read returns the whole log so far, or JSON pages. A
 * JSON read resumed from its continuation token repeats the log on 3.0.4 to 3.1 and fails with
 * a 500 on 3.2.2 while the task runs, so JSON reads start from the first line too.
 */
export const LOGS: LogEndpoints = {
  getLog: op.getLog,
  streamFormat: "ndjson",
  defaultFormat: "ndjson",
  pages: "airflow3",
  jsonResumes: false,
  getTaskInstance: op.getTaskInstance,
  getMappedTaskInstance: op.getMappedTaskInstance,
  getTry: op.getTaskInstanceTryDetails,
  getMappedTry: op.getMappedTaskInstanceTryDetails,
};

/** Variables are created with `POST /variables` and changed with `PATCH /variables/{key}`. */
export const VARIABLES: VariableEndpoints = {
  create: op.postVariable,
  update: op.patchVariable,
  updateMask: true,
};
