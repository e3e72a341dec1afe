/**
 * The plain data a {@link FakeAirflow} starts from: DAGs and their tasks, users, pools,
 * variables and connections.
 *
 * @module
 */

/**
 * What a human-in-the-loop task asks. Its task instance waits, `deferred`, until someone
 * answers through `PATCH .../hitlDetails` (Airflow 3.1+), then succeeds and returns the answer
 * (`{ chosen_options, params_input }`) as its XCom.
 *
 * @example
 * ```ts
 * import type { FakeHitl } from "@airflowkit/client/testing";
 *
 * const approval: FakeHitl = { subject: "Ship the release?", options: ["Approve", "Reject"] };
 * ```
 */
export interface FakeHitl {
  /** The question. */
  subject: string;
  /** More text for whoever answers. Default `null`. */
  body?: string | null;
  /** The choices; at least one. */
  options: string[];
  /** Choices made when nobody else chooses. Default `null`. */
  defaults?: string[] | null;
  /** Whether several choices may be made. Default false. */
  multiple?: boolean;
  /** Parameters the answer may fill in. Default `{}`. */
  params?: Record<string, unknown>;
  /** Usernames that may answer; anyone may when empty. Default `[]`. */
  assignedUsers?: string[];
}

/**
 * A task of a fake DAG. Each try lasts `durationSeconds`; the first `failTries` tries fail.
 *
 * @example
 * ```ts
 * import type { FakeTask } from "@airflowkit/client/testing";
 *
 * const task: FakeTask = { task_id: "load", durationSeconds: 3, retries: 1, failTries: 1 };
 * ```
 */
export interface FakeTask {
  /** Task id, unique within its DAG. */
  task_id: string;
  /** How long each try runs. Default 5. */
  durationSeconds?: number;
  /** How many times a failed try is retried. Default 0. */
  retries?: number;
  /** How long the task waits `up_for_retry` between tries. Default 1. */
  retryDelaySeconds?: number;
  /** The first this many tries fail. Default 0. */
  failTries?: number;
  /** Lines the task writes to its log in each try. Default: a few generic lines. */
  logs?: string[];
  /** Pushed as the XCom `return_value` when the task succeeds. */
  returns?: unknown;
  /** Expands the task into this many mapped task instances, map indexes 0 to n - 1. */
  mapped?: number;
  /** Map indexes whose every try fails. Default none. */
  failMapIndexes?: number[];
  /** The pool its task instances run in. Default `default_pool`; a missing pool is a DAG warning. */
  pool?: string;
  /** Makes it a human-in-the-loop task that waits for an answer. */
  hitl?: FakeHitl;
  /** Names of the assets it updates each time it succeeds; each update is an asset event. */
  outlets?: string[];
  /** Extra links of its operator: name to URL. Default none. */
  extraLinks?: Record<string, string>;
}

/**
 * A DAG of the fake Airflow. Its tasks run one after the other, in the order given. A schedule
 * is only described (and used by backfills): the fake creates no scheduled runs by itself, but
 * a DAG scheduled on assets is triggered when every one of them has been updated.
 *
 * @example
 * ```ts
 * import type { FakeDag } from "@airflowkit/client/testing";
 *
 * const dag: FakeDag = {
 *   dag_id: "etl",
 *   tags: ["etl"],
 *   tasks: [{ task_id: "extract" }, { task_id: "load", returns: { rows: 10 } }],
 * };
 * ```
 */
export interface FakeDag {
  /** DAG id. */
  dag_id: string;
  /** Free text shown as the DAG's description. */
  description?: string;
  /** Tag names. */
  tags?: string[];
  /** Owners. Default `["airflow"]`. */
  owners?: string[];
  /** Whether the DAG starts paused. Default false. */
  is_paused?: boolean;
  /**
   * `@hourly`, `@daily` or `@weekly`, or the names of the assets whose updates trigger it.
   * Default: none (triggered by hand only).
   */
  schedule?: "@hourly" | "@daily" | "@weekly" | string[];
  /** Tasks, in the order they run. */
  tasks: FakeTask[];
}

/** What a user may do: `viewer` only reads, `user` also acts on DAGs, `admin` does anything. */
export type FakeRole = "admin" | "user" | "viewer";

/**
 * A user who can mint tokens at `POST /auth/token`.
 *
 * @example
 * ```ts
 * import type { FakeUser } from "@airflowkit/client/testing";
 *
 * const viewer: FakeUser = { username: "ann", password: "secret", role: "viewer" };
 * ```
 */
export interface FakeUser {
  /** Login name. */
  username: string;
  /** Password. */
  password: string;
  /** What the user may do. */
  role: FakeRole;
}

/**
 * A pool to seed; `default_pool` always exists.
 *
 * @example
 * ```ts
 * import type { FakePool } from "@airflowkit/client/testing";
 *
 * const pool: FakePool = { name: "db", slots: 4, description: "database connections" };
 * ```
 */
export interface FakePool {
  /** Pool name. */
  name: string;
  /** Number of slots. */
  slots: number;
  /** Description. */
  description?: string | null;
  /** Whether deferred tasks count against the slots. Default false. */
  include_deferred?: boolean;
}

/**
 * A variable to seed.
 *
 * @example
 * ```ts
 * import type { FakeVariable } from "@airflowkit/client/testing";
 *
 * const variable: FakeVariable = { key: "region", value: "eu-west-1" };
 * ```
 */
export interface FakeVariable {
  /** Key. */
  key: string;
  /** Value, as text. */
  value: string;
  /** Description. */
  description?: string | null;
}

/**
 * A connection to seed. Its password is never sent back: responses show `***`.
 *
 * @example
 * ```ts
 * import type { FakeConnection } from "@airflowkit/client/testing";
 *
 * const connection: FakeConnection = {
 *   connection_id: "warehouse",
 *   conn_type: "postgres",
 *   host: "db.internal",
 *   port: 5432,
 * };
 * ```
 */
export interface FakeConnection {
  /** Connection id. */
  connection_id: string;
  /** Connection type, such as `postgres` or `http`. */
  conn_type: string;
  /** Host. */
  host?: string | null;
  /** Login. */
  login?: string | null;
  /** Password. */
  password?: string | null;
  /** Port. */
  port?: number | null;
  /** Schema. */
  schema?: string | null;
  /** Extra settings, as JSON text. */
  extra?: string | null;
  /** Description. */
  description?: string | null;
}

/**
 * A dag run that exists when the fake starts, as if triggered at `triggeredAt`: a run triggered
 * long enough ago has already finished, following its DAG's tasks.
 *
 * @example A finished run and a forced failure
 * ```ts
 * import type { FakeRun } from "@airflowkit/client/testing";
 *
 * const runs: FakeRun[] = [
 *   { dag_id: "etl", triggeredAt: "2026-11-20T10:00:00Z" },
 *   { dag_id: "etl", dag_run_id: "broken", state: "failed" },
 * ];
 * ```
 */
export interface FakeRun {
  /** The DAG; it must be in the seed. */
  dag_id: string;
  /** Default: `manual__` and the logical date, or else the trigger time. */
  dag_run_id?: string;
  /** When the run was triggered. Default: the clock's time when the fake starts. */
  triggeredAt?: Date | string;
  /** The logical date, if any. Default `null`. */
  logical_date?: Date | string | null;
  /** The run's configuration. Default `{}`. */
  conf?: Record<string, unknown>;
  /** A note. Default `null`. */
  note?: string | null;
  /** A final state forced on the run from its trigger time on, as `PATCH` would. */
  state?: "success" | "failed";
}

/**
 * An asset to seed. Assets that DAGs name (in a task's `outlets` or a DAG's `schedule`) exist
 * without being seeded; seed one to give it a URI, a group, extra data or aliases.
 *
 * @example
 * ```ts
 * import type { FakeAsset } from "@airflowkit/client/testing";
 *
 * const asset: FakeAsset = { name: "orders", uri: "s3://lake/orders", aliases: ["sales"] };
 * ```
 */
export interface FakeAsset {
  /** Name, as DAGs refer to it. */
  name: string;
  /** URI. Default: the name. */
  uri?: string;
  /** Group. Default `asset`. */
  group?: string;
  /** Extra data. Default `{}`. */
  extra?: Record<string, unknown>;
  /** Names of asset aliases that resolve to it. */
  aliases?: string[];
}

/**
 * A DAG file that failed to import, as the DAG processor records it.
 *
 * @example
 * ```ts
 * import type { FakeImportError } from "@airflowkit/client/testing";
 *
 * const broken: FakeImportError = {
 *   filename: "broken_dag.py",
 *   stack_trace: "ModuleNotFoundError: No module named 'pandas'",
 * };
 * ```
 */
export interface FakeImportError {
  /** The file, relative to the DAGs folder. */
  filename: string;
  /** What the import raised. */
  stack_trace: string;
  /** When it was recorded. Default: when the fake starts. */
  timestamp?: Date | string;
}

/**
 * A backfill that exists when the fake starts, as if created through `POST /backfills` then:
 * its runs are created at once and run, `max_active_runs` at a time.
 *
 * @example
 * ```ts
 * import type { FakeBackfill } from "@airflowkit/client/testing";
 *
 * const backfill: FakeBackfill = {
 *   dag_id: "daily_report",
 *   from_date: "2026-11-01T00:00:00Z",
 *   to_date: "2026-11-03T00:00:00Z",
 * };
 * ```
 */
export interface FakeBackfill {
  /** The DAG; it must have a time schedule. */
  dag_id: string;
  /** First logical date covered. */
  from_date: Date | string;
  /** Last logical date covered. */
  to_date: Date | string;
  /** Runs at a time. Default 10. */
  max_active_runs?: number;
  /** Which existing runs it runs again: `none`, `failed` or `completed`. Default `none`. */
  reprocess_behavior?: "none" | "failed" | "completed";
  /** Configuration of its runs. Default `{}`. */
  dag_run_conf?: Record<string, unknown>;
  /** Run the latest logical date first. Default false. */
  run_backwards?: boolean;
}

/**
 * A plugin the fake reports at `GET /plugins`; the lists it leaves out are empty.
 *
 * @example
 * ```ts
 * import type { FakePlugin } from "@airflowkit/client/testing";
 *
 * const plugin: FakePlugin = { name: "lineage", macros: ["lineage.macros.upstream"] };
 * ```
 */
export interface FakePlugin {
  /** Name. */
  name: string;
  /** Where it was loaded from. Default `$PLUGINS_FOLDER/<name>.py`. */
  source?: string;
  /** Macro names. */
  macros?: string[];
  /** Listener names. */
  listeners?: string[];
  /** Timetable class names. */
  timetables?: string[];
  /** Operator extra link names. */
  operator_extra_links?: string[];
}

/**
 * A provider package the fake reports at `GET /providers`.
 *
 * @example
 * ```ts
 * import type { FakeProvider } from "@airflowkit/client/testing";
 *
 * const provider: FakeProvider = {
 *   package_name: "apache-airflow-providers-postgres",
 *   description: "PostgreSQL",
 *   version: "6.2.0",
 * };
 * ```
 */
export interface FakeProvider {
  /** The package's name. */
  package_name: string;
  /** What it provides. */
  description: string;
  /** Installed version. */
  version: string;
  /** Its documentation. Default `null`. */
  documentation_url?: string | null;
}
