/**
 * How each `/api/v1` operation the fake serves maps onto its Airflow 3 counterpart: which v2
 * handler does the work, how Airflow 2's query and body become Airflow 3's (`execution_date`
 * filters are `logical_date` ones, a trigger without a date runs now, comma-separated masks),
 * and how the answer becomes Airflow 2's.
 *
 * @module
 */
import { iso, pythonStr } from "../http.ts";
import type { Item } from "../query.ts";
import type { Store } from "../store.ts";
import { connectionV1, dagV1, poolV1, runV1, tiV1, variableV1, xcomV1 } from "./answers.ts";

/** What a translation sees of the call. */
export interface V1Call {
  store: Store;
  now: number;
  params: Record<string, string | number>;
  query: Record<string, unknown>;
}

/** One `/api/v1` operation in terms of `/api/v2`. */
export interface V1Route {
  /** The v2 operation that does the work; by default the one of the same id. */
  v2?: string;
  /** The v2 query; by default the v1 one. */
  query?(call: V1Call): Record<string, unknown>;
  /** The v2 body; by default the v1 one. */
  body?(body: Record<string, unknown>, call: V1Call): unknown;
  /** The v1 answer made from the v2 one. */
  answer(value: Item, call: V1Call): unknown;
}

/** v1 query names with `execution_date` in place of Airflow 3's `logical_date`. */
function datesQuery(call: V1Call): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(call.query)) {
    if (key === "fields" || key === "only_active" || key.startsWith("updated_at_")) continue;
    const name = key.replace(/^execution_date/, "logical_date");
    query[name] = name === "order_by"
      ? String(value).replace("execution_date", "logical_date")
      : value;
  }
  return query;
}

/** An `update_mask` sent as one comma-separated value, as Airflow 2 takes it, as a list. */
function maskQuery(call: V1Call): Record<string, unknown> {
  const mask = call.query.update_mask as string[] | undefined;
  return mask === undefined
    ? call.query
    : { ...call.query, update_mask: mask.flatMap((item) => item.split(",")) };
}

/** The logical date of the run a path names, as Airflow 2's `execution_date`. */
function executionDate(call: V1Call): string {
  const run = call.store.runs.find((candidate) =>
    candidate.dag_id === call.params.dag_id && candidate.run_id === call.params.dag_run_id
  );
  return run?.logical_date === null || run === undefined ? "" : iso(run.logical_date);
}

function tiOf(item: Item, call: V1Call): Item {
  return tiV1({ logical_date: executionDate(call), ...item });
}

function collection(key: string, map: (item: Item) => Item) {
  return (value: Item) => ({
    [key]: (value[key] as Item[]).map(map),
    total_entries: value.total_entries,
  });
}

/** The answer of an operation whose v2 handler answers 204, which passes through as it is. */
const none = () => null;
const tis = (value: Item, call: V1Call) => ({
  task_instances: (value.task_instances as Item[]).map((item) => tiOf(item, call)),
  total_entries: value.total_entries,
});

/** The `/api/v1` operations the fake serves, by operation id. */
export const V1_ROUTES: Readonly<Record<string, V1Route>> = {
  get_health: { answer: (value) => value },
  get_dags: { query: datesQuery, answer: collection("dags", dagV1) },
  get_dag: { answer: dagV1 },
  patch_dag: { query: maskQuery, answer: dagV1 },
  delete_dag: { answer: none },
  get_dag_runs: { query: datesQuery, answer: collection("dag_runs", runV1) },
  get_dag_run: { answer: runV1 },
  post_dag_run: {
    v2: "trigger_dag_run",
    body: (body, call) => ({
      ...(body.dag_run_id === undefined ? {} : { dag_run_id: body.dag_run_id }),
      logical_date: body.logical_date ?? body.execution_date ?? iso(call.now),
      conf: body.conf ?? {},
      ...(body.note === undefined ? {} : { note: body.note }),
    }),
    answer: runV1,
  },
  update_dag_run_state: {
    v2: "patch_dag_run",
    query: () => ({ update_mask: ["state"] }),
    answer: runV1,
  },
  set_dag_run_note: {
    v2: "patch_dag_run",
    query: () => ({ update_mask: ["note"] }),
    answer: runV1,
  },
  delete_dag_run: { answer: none },
  clear_dag_run: {
    answer: (value, call) => "task_instances" in value ? tis(value, call) : runV1(value),
  },
  get_task_instances: { query: datesQuery, answer: tis },
  post_clear_task_instances: {
    // Airflow 2's body has fields Airflow 3's refuses; the rest mean the same.
    body: (body) => {
      const { include_subdags: _subdags, include_parentdag: _parent, ...rest } = body;
      return rest;
    },
    answer: (value) => ({
      task_instances: (value.task_instances as Item[]).map((item) => ({
        dag_id: item.dag_id,
        dag_run_id: item.dag_run_id,
        execution_date: item.logical_date ?? null,
        task_id: item.task_id,
      })),
    }),
  },
  get_task_instance: { answer: tiOf },
  get_mapped_task_instance: { answer: tiOf },
  get_task_instance_tries: { answer: tis },
  get_mapped_task_instance_tries: { answer: tis },
  get_task_instance_try_details: { answer: tiOf },
  get_mapped_task_instance_try_details: { answer: tiOf },
  get_xcom_entries: { answer: collection("xcom_entries", xcomV1) },
  get_xcom_entry: {
    // Asked for the value itself; Airflow 2 answers its `str()` unless `stringify=false`.
    query: (call) => ({ map_index: call.query.map_index, deserialize: true }),
    answer: (value, call) => {
      const entry = xcomV1(value);
      return call.query.stringify === false ? entry : { ...entry, value: pythonStr(entry.value) };
    },
  },
  get_variables: { answer: collection("variables", (item) => variableV1(item, false)) },
  get_variable: { answer: (value) => variableV1(value) },
  post_variables: { v2: "post_variable", answer: (value) => variableV1(value) },
  patch_variable: { query: maskQuery, answer: (value) => variableV1(value) },
  delete_variable: { answer: none },
  get_pools: { answer: collection("pools", poolV1) },
  get_pool: { answer: poolV1 },
  post_pool: { answer: poolV1 },
  patch_pool: { query: maskQuery, answer: poolV1 },
  delete_pool: { answer: none },
  get_connections: { answer: collection("connections", (item) => connectionV1(item, false)) },
  get_connection: { answer: (value) => connectionV1(value) },
  post_connection: { answer: (value) => connectionV1(value) },
  patch_connection: { query: maskQuery, answer: (value) => connectionV1(value) },
  delete_connection: { answer: none },
};
