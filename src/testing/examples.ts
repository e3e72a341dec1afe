/**
 * Example DAGs for demos and tests: a succeeding ETL, a task that fails once and then succeeds
 * on retry, a DAG that fails, and enough others (tagged, one paused) to page through; and a
 * fuller example set with assets, a mapped task, a human-in-the-loop approval, a backfill and
 * an import error.
 *
 * @module
 */
import type { FakeAirflowOptions } from "./fake_airflow.ts";
import type { FakeDag } from "./seed.ts";

/**
 * Twelve example DAGs, a fresh copy on each call:
 *
 * - `etl_daily`: extract, transform, load; `load` returns a summary object;
 * - `reporting`: `build_report` fails its first try and succeeds on the retry;
 * - `flaky_checks`: `check_quality` fails for good, so `publish` is `upstream_failed`;
 * - `maintenance_cleanup` is paused; the others are small DAGs with tags.
 *
 * @example
 * ```ts
 * import { exampleDags, FakeAirflow } from "@airflowkit/client/testing";
 *
 * const fake = new FakeAirflow({ dags: exampleDags() });
 * ```
 */
export function exampleDags(): FakeDag[] {
  return [
    {
      dag_id: "etl_daily",
      description: "Extracts orders, transforms them and loads the warehouse",
      tags: ["etl", "daily"],
      owners: ["data-eng"],
      tasks: [
        {
          task_id: "extract",
          durationSeconds: 4,
          logs: ["Connecting to the orders API", "Fetched 1200 orders"],
          returns: { rows: 1200 },
        },
        {
          task_id: "transform",
          durationSeconds: 6,
          logs: ["Cleaning 1200 rows", "Dropped 8 duplicates", "Wrote 1192 rows to staging"],
        },
        {
          task_id: "load",
          durationSeconds: 3,
          logs: ["Loading 1192 rows into warehouse.orders", "Load committed"],
          returns: { rows_loaded: 1192, table: "warehouse.orders", duplicates_dropped: 8 },
        },
      ],
    },
    {
      dag_id: "reporting",
      description: "Builds the weekly report; the first try times out",
      tags: ["reporting"],
      owners: ["analytics"],
      tasks: [
        { task_id: "collect_metrics", durationSeconds: 2, returns: 42 },
        {
          task_id: "build_report",
          durationSeconds: 3,
          retries: 2,
          retryDelaySeconds: 2,
          failTries: 1,
          logs: ["Rendering report", "Uploading PDF"],
          returns: "s3://reports/weekly.pdf",
        },
        { task_id: "notify", durationSeconds: 1 },
      ],
    },
    {
      dag_id: "flaky_checks",
      description: "Data quality checks that fail",
      tags: ["quality"],
      tasks: [
        { task_id: "check_schema", durationSeconds: 2 },
        {
          task_id: "check_quality",
          durationSeconds: 2,
          retries: 1,
          retryDelaySeconds: 1,
          failTries: 99,
          logs: ["Running 12 checks", "Check null_ratio(orders.customer_id) failed: 0.31 > 0.05"],
        },
        { task_id: "publish", durationSeconds: 1 },
      ],
    },
    {
      dag_id: "maintenance_cleanup",
      description: "Deletes old logs; paused",
      tags: ["maintenance"],
      is_paused: true,
      tasks: [{ task_id: "delete_old_logs", durationSeconds: 2 }],
    },
    ...["billing", "crm", "inventory", "marketing", "payments", "search", "shipping", "support"]
      .map((area, index): FakeDag => ({
        dag_id: `${area}_sync`,
        description: `Syncs ${area} data`,
        tags: index % 2 === 0 ? ["sync", "hourly"] : ["sync"],
        owners: [index % 3 === 0 ? "platform" : "airflow"],
        tasks: [
          { task_id: "pull", durationSeconds: 2 },
          { task_id: "push", durationSeconds: 2, returns: { synced: 100 + index } },
        ],
      })),
  ];
}

/** What {@link exampleSeed} returns: options for `new FakeAirflow(...)`. */
export type ExampleSeed = Required<
  Pick<FakeAirflowOptions, "dags" | "assets" | "importErrors" | "backfills">
>;

const HOUR = 3_600_000;

/**
 * The example DAGs and three more, with the state beside them, a fresh copy on each call:
 *
 * - `orders_ingest` fetches orders for three regions (a task mapped over map indexes 0 to 2)
 *   and stores them, updating the asset `warehouse.orders`;
 * - `orders_report`, scheduled on that asset, builds a report and waits for someone to approve
 *   it (a human-in-the-loop task) before publishing;
 * - `hourly_rollup` runs `@hourly`, with a backfill of the three hours before `now`;
 * - `legacy_export.py` failed to import.
 *
 * @param now The time the fake starts at (its clock's), which the backfill ends before.
 * @example
 * ```ts
 * import { exampleSeed, FakeAirflow } from "@airflowkit/client/testing";
 *
 * const fake = new FakeAirflow(exampleSeed());
 * ```
 */
export function exampleSeed(now: number = Date.now()): ExampleSeed {
  const hour = Math.floor(now / HOUR) * HOUR;
  return {
    dags: [
      ...exampleDags(),
      {
        dag_id: "orders_ingest",
        description: "Fetches each region's orders and stores them in the warehouse",
        tags: ["etl", "assets"],
        tasks: [
          { task_id: "fetch_region", durationSeconds: 3, mapped: 3, returns: { rows: 400 } },
          { task_id: "store", durationSeconds: 2, outlets: ["warehouse.orders"] },
        ],
      },
      {
        dag_id: "orders_report",
        description: "Reports on new orders once approved",
        tags: ["reporting", "assets"],
        schedule: ["warehouse.orders"],
        tasks: [
          { task_id: "build", durationSeconds: 2 },
          {
            task_id: "approve",
            hitl: {
              subject: "Publish the orders report?",
              body: "The report is built and waits for a review.",
              options: ["Publish", "Hold"],
              defaults: ["Hold"],
            },
          },
          { task_id: "publish", durationSeconds: 1 },
        ],
      },
      {
        dag_id: "hourly_rollup",
        description: "Rolls up metrics every hour",
        tags: ["metrics"],
        schedule: "@hourly",
        tasks: [{ task_id: "rollup", durationSeconds: 2 }],
      },
    ],
    assets: [{
      name: "warehouse.orders",
      uri: "postgres://warehouse/public/orders",
      group: "warehouse",
      aliases: ["orders"],
    }],
    importErrors: [{
      filename: "legacy_export.py",
      stack_trace: "Traceback (most recent call last):\n" +
        '  File "/opt/airflow/dags/legacy_export.py", line 3, in <module>\n' +
        "    import cx_Oracle\nModuleNotFoundError: No module named 'cx_Oracle'\n",
    }],
    backfills: [{
      dag_id: "hourly_rollup",
      from_date: new Date(hour - 3 * HOUR),
      to_date: new Date(hour - HOUR),
      max_active_runs: 1,
    }],
  };
}
