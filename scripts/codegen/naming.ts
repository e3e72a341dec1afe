/**
 * Identifier helpers shared by the emitters.
 *
 * @module
 */

/** `get_dag_runs` → `getDagRuns`; `dag_run_id` → `dagRunId`. */
export function camelCase(name: string): string {
  return name.replace(/[_\-\s]+([a-zA-Z0-9])/g, (_, char: string) => char.toUpperCase())
    .replace(/^[A-Z]/, (char) => char.toLowerCase());
}

/** `dagRuns` → `DagRuns`. */
export function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** Example values for parameters and fields in generated docs, by name. */
export const SAMPLE_VALUES: Record<string, string | number> = {
  dag_id: "etl",
  dag_run_id: "manual__2026-11-20T10:00:00+00:00",
  task_id: "extract",
  map_index: 0,
  try_number: 1,
  task_try_number: 1,
  xcom_key: "return_value",
  pool_name: "default_pool",
  variable_key: "env",
  connection_id: "postgres_default",
  asset_id: 1,
  asset_alias_id: 1,
  backfill_id: 1,
  event_log_id: 1,
  import_error_id: 1,
  version_number: 1,
  section: "core",
  option: "parallelism",
  file_token: "<file token>",
  username: "alice",
  role_name: "Viewer",
  uri: "s3://bucket/key",
};

/** An example argument for a path parameter, as source text. */
export function sampleArgument(name: string, kind: "string" | "integer"): string {
  const value = SAMPLE_VALUES[name] ?? (kind === "integer" ? 1 : name);
  return kind === "integer" && typeof value === "string" ? "1" : JSON.stringify(value);
}
