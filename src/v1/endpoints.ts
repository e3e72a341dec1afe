/**
 * The operations that `/api/v1`'s hand-written methods (`dagRuns.wait`, `taskInstances.logs`,
 * `variables.set`, …) are made of, as data for the shared implementations in `core/`.
 *
 * @module
 */
import type { LogEndpoints } from "../core/log_source.ts";
import type { RunEndpoints } from "../core/run_source.ts";
import type { VariableEndpoints } from "../core/variable_setter.ts";
import * as op from "./generated/operations.ts";

/** Airflow 2 has no stream of a run's state, and answers an XCom with its `str()` unless told. */
export const RUNS: RunEndpoints = {
  getRun: op.getDagRun,
  getXcom: op.getXcomEntry,
  listXcoms: op.getXcomEntries,
  xcomQuery: { stringify: false },
  decodeValues: false,
};

/**
 * Airflow 2's logs: JSON pages read with the continuation token until its `end_of_log`, or the
 * whole log as plain text, which has no token: every text read starts from the first line.
 */
export const LOGS: LogEndpoints = {
  getLog: op.getLog,
  streamFormat: "text",
  defaultFormat: "json",
  pages: "airflow2",
  jsonResumes: true,
  getTaskInstance: op.getTaskInstance,
  getMappedTaskInstance: op.getMappedTaskInstance,
  getTry: op.getTaskInstanceTryDetails,
  getMappedTry: op.getMappedTaskInstanceTryDetails,
};

/** Variables are created with `POST /variables` and changed with `PATCH /variables/{key}`. */
export const VARIABLES: VariableEndpoints = {
  create: op.postVariables,
  update: op.patchVariable,
  updateMask: false,
};
