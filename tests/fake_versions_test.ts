/**
 * The fake as each Airflow 3 version: the operations a version lacks are 404s, and every
 * answer of a broad set of reads passes that version's schemas, objects closed (no field of
 * another version) and enums strict.
 */
import assert from "node:assert/strict";
import { missingOn } from "../src/testing/generated/versions.ts";
import { exampleSeed, type FakeVersion } from "../src/testing/mod.ts";
import { routes } from "../src/v2/generated/operations.ts";
import { expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

const VERSIONS: FakeVersion[] = ["3.0.2", "3.1.8", "3.2.1"];
const RUN = "/api/v2/dags/etl_daily/dagRuns/r1";
const MAPPED = "/api/v2/dags/orders_ingest/dagRuns/o1/taskInstances/fetch_region";

/** Reads across the API, with the operation each is, in a state where each answers 200. */
const READS: [string, string][] = [
  ["get_dags", "/api/v2/dags"],
  ["get_dag_details", "/api/v2/dags/etl_daily/details"],
  ["get_tasks", "/api/v2/dags/etl_daily/tasks"],
  ["get_dag_runs", "/api/v2/dags/~/dagRuns"],
  ["get_task_instances", "/api/v2/dags/~/dagRuns/~/taskInstances"],
  ["get_task_instance_tries", `${RUN}/taskInstances/load/tries`],
  ["get_xcom_entries", `${RUN}/taskInstances/~/xcomEntries`],
  ["get_xcom_entry", `${RUN}/taskInstances/load/xcomEntries/return_value`],
  ["get_log", `${RUN}/taskInstances/load/logs/1`],
  ["get_mapped_task_instances", `${MAPPED}/listMapped`],
  ["get_mapped_task_instance", `${MAPPED}/1`],
  ["get_task_instance_dependencies", `${RUN}/taskInstances/load/dependencies`],
  ["get_extra_links", `${RUN}/taskInstances/load/links`],
  ["get_dag_versions", "/api/v2/dags/etl_daily/dagVersions"],
  ["get_dag_source", "/api/v2/dagSources/etl_daily"],
  ["get_dag_tags", "/api/v2/dagTags"],
  ["get_dag_stats", "/api/v2/dagStats"],
  ["list_dag_warnings", "/api/v2/dagWarnings"],
  ["get_assets", "/api/v2/assets"],
  ["get_asset", "/api/v2/assets/1"],
  ["get_asset_aliases", "/api/v2/assets/aliases"],
  ["get_asset_events", "/api/v2/assets/events"],
  ["list_backfills", "/api/v2/backfills?dag_id=hourly_rollup"],
  ["get_backfill", "/api/v2/backfills/1"],
  ["get_import_errors", "/api/v2/importErrors"],
  ["get_event_logs", "/api/v2/eventLogs"],
  ["get_jobs", "/api/v2/jobs"],
  ["get_plugins", "/api/v2/plugins"],
  ["get_providers", "/api/v2/providers"],
  ["get_pools", "/api/v2/pools"],
  ["get_variables", "/api/v2/variables"],
  ["get_connections", "/api/v2/connections"],
  ["get_config", "/api/v2/config"],
  ["get_hitl_details", "/api/v2/dags/~/dagRuns/~/hitlDetails"],
  ["import_errors", "/api/v2/plugins/importErrors"],
  ["get_dag_reports", "/api/v2/dagReports?subdir=/opt/airflow/dags"],
];

for (const version of VERSIONS) {
  Deno.test(`as Airflow ${version}: missing operations are 404s, reads pass its schemas`, async () => {
    const start = Date.UTC(2026, 10, 20, 10);
    const { airflow, clock, raw } = setup({
      ...exampleSeed(start),
      version,
      config: { api: { expose_config: "True" } },
      pools: [{ name: "db", slots: 2 }],
      variables: [{ key: "region", value: "eu" }],
      connections: [{ connection_id: "wh", conn_type: "postgres" }],
    });
    await airflow.dagRuns.trigger("etl_daily", { dag_run_id: "r1" });
    await airflow.dagRuns.trigger("orders_ingest", { dag_run_id: "o1" });
    await clock.advance(60_000);
    for (const [id, path] of READS) {
      const response = await raw(path);
      const expected = missingOn[id]?.includes(version) ? 404 : 200;
      assert.equal(response.status, expected, `${id} on ${version}: ${await response.text()}`);
    }
    const missing = Object.values(routes).filter((operation) =>
      missingOn[operation.id]?.includes(version)
    );
    for (const operation of missing) {
      const path = operation.path.replace(/\{[^}]+\}/g, "1");
      const response = await raw(path, { method: operation.method });
      assert.equal(response.status, 404, `${operation.id} on ${version}`);
    }
    const run = await airflow.dagRuns.get("etl_daily", "r1");
    assert.equal("dag_display_name" in run, version !== "3.0.2");
    assert.equal("partition_key" in run, version === "3.2.1");
    const task = await airflow.tasks.get("etl_daily", "load");
    assert.equal(typeof task.retry_exponential_backoff, version === "3.2.1" ? "number" : "boolean");
  });
}

Deno.test(
  "every JSON answer above matched its version's response schema",
  expectAnswersMatchedSchemas,
);
