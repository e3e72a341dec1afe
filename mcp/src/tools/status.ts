/**
 * `get_airflow_status`: Airflow's health and version, and what this server allows.
 *
 * @module
 */
import * as z from "zod";
import { componentHealth } from "./shapes.ts";
import { defineTool, READS, type Tool } from "./tool.ts";

/** The status tool. */
export const getAirflowStatus: Tool = defineTool({
  name: "get_airflow_status",
  title: "Airflow status",
  description: "Checks that Airflow is up: the health of its metadatabase, scheduler, triggerer " +
    "and DAG processor (with their latest heartbeats), its version and REST API, and what this " +
    "MCP server allows (whether the tools that change Airflow are on, the longest wait). Call it " +
    "first when something seems wrong with Airflow as a whole.",
  input: {},
  output: {
    airflow_version: z.string().nullable(),
    api: z.enum(["v2", "v1"]).describe("v2 is Airflow 3's REST API, v1 Airflow 2's."),
    healthy: z.boolean().describe("Every component that reports a status is healthy."),
    components: z.array(componentHealth),
    writes_enabled: z.boolean(),
    max_wait_seconds: z.number(),
  },
  annotations: READS,
  async run(_args, { airflow, config, signal }) {
    const api = await airflow();
    const [version, components] = await Promise.all([
      api.version({ signal }),
      api.health({ signal }),
    ]);
    return {
      airflow_version: version.version,
      api: version.api,
      healthy: components.every((part) => part.status === null || part.status === "healthy"),
      components,
      writes_enabled: config.allowWrites,
      max_wait_seconds: config.maxWaitSeconds,
    };
  },
  text(status) {
    const parts = status.components.map((part) =>
      `${part.component} ${part.status ?? "not reported"}` +
      (part.latest_heartbeat ? ` (heartbeat ${part.latest_heartbeat})` : "")
    );
    return [
      `Airflow ${status.airflow_version ?? "(version unknown)"}, REST API ${status.api}: ` +
      (status.healthy ? "healthy." : "NOT healthy."),
      parts.join("; ") + ".",
      status.writes_enabled
        ? `This MCP server may pause, unpause, trigger and clear; it waits at most ${status.max_wait_seconds} s for a run.`
        : "This MCP server is read-only: the tools that pause, unpause, trigger and clear are off " +
          "(the operator turns them on with MCP_ALLOW_WRITES=true).",
    ].join("\n");
  },
});
