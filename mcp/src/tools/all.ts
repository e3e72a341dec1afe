/**
 * Every tool of the server, in the order `tools/list` gives them.
 *
 * @module
 */
import { clearFailedTasks, listTaskInstances } from "./tasks.ts";
import { getDag, listDags, pauseDag, unpauseDag } from "./dags.ts";
import { getRun, listRuns, triggerDagRun, waitForRunTool } from "./runs.ts";
import { getAirflowStatus } from "./status.ts";
import { getTaskLog } from "./logs.ts";
import { getVariable, listPools, listVariables } from "./catalog.ts";
import type { Tool } from "./tool.ts";

/** The tools, readers first. */
export const TOOLS: readonly Tool[] = [
  getAirflowStatus,
  listDags,
  getDag,
  listRuns,
  getRun,
  waitForRunTool,
  listTaskInstances,
  getTaskLog,
  listVariables,
  getVariable,
  listPools,
  pauseDag,
  unpauseDag,
  triggerDagRun,
  clearFailedTasks,
];
