/**
 * Variables and pools, read-only: `list_variables`, `get_variable` and `list_pools`. Values of
 * variables whose keys name a credential are masked here too, as Airflow masks them.
 *
 * @module
 */
import * as z from "zod";
import type { VariableRow } from "../airflow/rows.ts";
import { short, shownOf } from "./format.ts";
import { limit, poolRow, variableRow } from "./shapes.ts";
import { defineTool, READS, type Tool } from "./tool.ts";

/** Parts of a key that mark its value as a credential (Airflow's list, and a few more). */
const SENSITIVE =
  /api_?key|apikey|authorization|passphrase|passwd|password|private_?key|secret|token|keyfile_dict|service_account|credential/i;

/** The longest value a variable list shows. */
const LISTED_VALUE = 200;

/** `variable` with its value masked if its key names a credential. */
export function masked(variable: VariableRow): VariableRow {
  return SENSITIVE.test(variable.key) ? { ...variable, value: "***" } : variable;
}

/** `list_variables`. */
export const listVariables: Tool = defineTool({
  name: "list_variables",
  title: "List variables",
  description: "Lists Airflow variables: key, value (cut to 200 characters; credentials masked) " +
    "and description. Read-only.",
  input: { limit: limit(50) },
  output: { variables: z.array(variableRow), total: z.number() },
  annotations: READS,
  async run(args, { airflow, signal }) {
    const variables = await (await airflow()).listVariables(args.limit, { signal });
    return {
      variables: variables.items.map((variable) => {
        const shown = masked(variable);
        return { ...shown, value: short(shown.value, LISTED_VALUE) };
      }),
      total: variables.total,
    };
  },
  text({ variables, total }) {
    return [`${shownOf(variables.length, total, "variable")}:`].concat(
      variables.map((variable) =>
        `- ${variable.key} = ${variable.value}` +
        (variable.description ? ` (${short(variable.description)})` : "")
      ),
    ).join("\n");
  },
});

/** `get_variable`. */
export const getVariable: Tool = defineTool({
  name: "get_variable",
  title: "Get a variable",
  description: "One Airflow variable's value and description (credentials masked). Read-only.",
  input: { key: z.string().min(1).max(250).describe("The variable's key (case-sensitive).") },
  output: { variable: variableRow },
  annotations: READS,
  subjects: (args) => [{ kind: "variable", key: args.key }],
  async run(args, { airflow, signal }) {
    return { variable: masked(await (await airflow()).getVariable(args.key, { signal })) };
  },
  text({ variable }) {
    return `${variable.key} = ${variable.value}` +
      (variable.description ? `\nDescription: ${variable.description}` : "");
  },
});

/** `list_pools`. */
export const listPools: Tool = defineTool({
  name: "list_pools",
  title: "List pools",
  description: "Lists Airflow pools with their slots: open, occupied, running and queued. A " +
    "pool with no open slots holds its tasks back. Read-only.",
  input: { limit: limit(50) },
  output: { pools: z.array(poolRow), total: z.number() },
  annotations: READS,
  async run(args, { airflow, signal }) {
    const pools = await (await airflow()).listPools(args.limit, { signal });
    return { pools: pools.items, total: pools.total };
  },
  text({ pools, total }) {
    return [`${shownOf(pools.length, total, "pool")}:`].concat(
      pools.map((pool) =>
        `- ${pool.name}: ${pool.open_slots} of ${pool.slots} slots open (running ` +
        `${pool.running_slots}, queued ${pool.queued_slots})`
      ),
    ).join("\n");
  },
});
