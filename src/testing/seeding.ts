/**
 * Fills a new fake's store from its options: DAGs and runs, pools, variables, connections,
 * assets, import errors, backfills, plugins, providers and configuration, each with Airflow's
 * defaults where the options say nothing.
 *
 * @module
 */
import { addAssets } from "./assets.ts";
import { createBackfill } from "./backfills.ts";
import { DEFAULT_POOL } from "./handlers/pools.ts";
import type { FakeAirflowOptions } from "./fake_airflow.ts";
import type { FakeProvider } from "./seed.ts";
import type { Store } from "./store.ts";

/** Provider packages a small Airflow 3 installation has. */
const PROVIDERS: FakeProvider[] = [
  {
    package_name: "apache-airflow-providers-common-sql",
    description: "Common SQL Provider",
    version: "1.28.0",
    documentation_url:
      "https://airflow.apache.org/docs/apache-airflow-providers-common-sql/1.28.0/",
  },
  {
    package_name: "apache-airflow-providers-http",
    description: "Hypertext Transfer Protocol (HTTP)",
    version: "5.3.0",
    documentation_url: "https://airflow.apache.org/docs/apache-airflow-providers-http/5.3.0/",
  },
  {
    package_name: "apache-airflow-providers-standard",
    description: "Airflow Standard Provider",
    version: "1.9.0",
    documentation_url: "https://airflow.apache.org/docs/apache-airflow-providers-standard/1.9.0/",
  },
];

/** The configuration a fake has unless its options say otherwise. */
function defaultConfig(maximumPageLimit: number): Record<string, Record<string, string>> {
  return {
    core: {
      dags_folder: "/opt/airflow/dags",
      executor: "LocalExecutor",
      fernet_key: "fake-fernet-key",
      load_examples: "False",
      parallelism: "32",
      test_connection: "Disabled",
    },
    database: { sql_alchemy_conn: "postgresql+psycopg2://airflow:airflow@postgres/airflow" },
    api: {
      expose_config: "False",
      maximum_page_limit: String(maximumPageLimit),
      secret_key: "fake-secret-key",
    },
    api_auth: { jwt_expiration_time: "86400", jwt_secret: "fake-jwt-secret" },
    logging: { base_log_folder: "/opt/airflow/logs", remote_logging: "False" },
  };
}

function time(value: Date | string | undefined, fallback: number, what: string): number {
  const parsed = value === undefined ? fallback : new Date(value).getTime();
  if (Number.isNaN(parsed)) throw new Error(`${what} has an invalid date`);
  return parsed;
}

/** Fills `store` from `options`; throws on a seed that cannot be. */
export function seedStore(store: Store, options: FakeAirflowOptions): void {
  const now = store.clock.now();
  for (const dag of options.dags ?? []) store.addDag(dag);
  // Every Airflow 2 run has a logical date: by default, when it was triggered.
  const airflow2 = options.version?.startsWith("2.") ?? false;
  for (const run of options.runs ?? []) {
    store.seedRun(
      airflow2
        ? { ...run, logical_date: run.logical_date ?? run.triggeredAt ?? new Date(now) }
        : run,
    );
  }
  store.pools.set(DEFAULT_POOL, {
    name: DEFAULT_POOL,
    slots: 128,
    description: "Default pool",
    include_deferred: false,
  });
  for (const pool of options.pools ?? []) {
    store.pools.set(pool.name, {
      name: pool.name,
      slots: pool.slots,
      description: pool.description ?? null,
      include_deferred: pool.include_deferred ?? false,
    });
  }
  for (const variable of options.variables ?? []) {
    store.variables.set(variable.key, {
      key: variable.key,
      value: variable.value,
      description: variable.description ?? null,
    });
  }
  for (const connection of options.connections ?? []) {
    store.connections.set(connection.connection_id, { ...connection });
  }
  addAssets(store, options.assets ?? []);
  for (const error of options.importErrors ?? []) {
    store.importErrors.push({
      id: store.nextId(store.importErrors),
      filename: error.filename,
      stackTrace: error.stack_trace,
      timestamp: time(error.timestamp, now, `the import error of ${error.filename}`),
    });
  }
  for (const backfill of options.backfills ?? []) {
    createBackfill(
      store,
      {
        dag_id: backfill.dag_id,
        from: time(backfill.from_date, now, `the backfill of ${backfill.dag_id}`),
        to: time(backfill.to_date, now, `the backfill of ${backfill.dag_id}`),
        reverse: backfill.run_backwards ?? false,
        reprocess: backfill.reprocess_behavior ?? "none",
        conf: backfill.dag_run_conf ?? {},
        maxActiveRuns: backfill.max_active_runs ?? 10,
      },
      now,
      "admin",
    );
  }
  store.plugins = [...(options.plugins ?? [])];
  store.pluginImportErrors = [...(options.pluginImportErrors ?? [])];
  store.providers = [...(options.providers ?? PROVIDERS)];
  const config = defaultConfig(options.maximumPageLimit ?? 100);
  for (const [section, values] of Object.entries(options.config ?? {})) {
    config[section] = { ...config[section], ...values };
  }
  for (const [section, values] of Object.entries(config)) {
    store.config.set(section, new Map(Object.entries(values)));
  }
}
