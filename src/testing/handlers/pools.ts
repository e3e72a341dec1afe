/**
 * Handlers of pools, variables and connections, all keyed collections.
 *
 * @module
 */
import { fail, json, noContent, pythonStr, unhandledError } from "../http.ts";
import type { FakeConnection, FakePool, FakeVariable } from "../seed.ts";
import { connectionResponse, poolResponse, variableResponse } from "../serializers.ts";
import type { Context, Handlers } from "../context.ts";
import { collectionHandlers } from "./crud.ts";

/** The pool every task of the fake runs in. */
export const DEFAULT_POOL = "default_pool";

function pick<T>(
  fields: string[],
  body: Record<string, unknown>,
  existing: T,
  names: (keyof T & string)[],
): T {
  const copy = { ...existing };
  for (const name of names) {
    if (fields.includes(name) && name in body) (copy as Record<string, unknown>)[name] = body[name];
  }
  return copy;
}

function runningIn(context: Context, pool: string): number {
  if (pool !== DEFAULT_POOL) return 0;
  return context.store.runs.reduce(
    (count, run) =>
      count +
      context.store.view(run, context.now).tasks.filter((task) => task.state === "running").length,
    0,
  );
}

/** Pool endpoints. */
export const poolHandlers: Handlers = collectionHandlers<Required<FakePool>>({
  singular: "pool",
  plural: "pools",
  keyParam: "pool_name",
  keyField: "name",
  label: "Pool",
  keyLabel: "name",
  records: (store) => store.pools,
  build: (body, fields, existing) =>
    pick(
      fields,
      body,
      existing ?? {
        name: String(body.name),
        slots: 0,
        description: null,
        include_deferred: false,
      },
      ["slots", "description", "include_deferred"],
    ),
  respond: (pool, context) => poolResponse(pool, runningIn(context, pool.name)),
  aliases: { pool_name: "name" },
  keysLabel: "pool names",
  guardDelete: (key) => {
    if (key === DEFAULT_POOL) fail(400, "Default Pool can't be deleted");
  },
});

/** Variable endpoints. */
export const variableHandlers: Handlers = collectionHandlers<Required<FakeVariable>>({
  singular: "variable",
  plural: "variables",
  keyParam: "variable_key",
  keyField: "key",
  label: "Variable",
  keyLabel: "key",
  records: (store) => store.variables,
  // Airflow stores `str(value)`: an object becomes its Python repr. An update with a value
  // that is not a string reaches the encryption of the value and fails with a 500.
  build: (body, fields, existing) => {
    if (existing && fields.includes("value") && typeof body.value !== "string") {
      fail(500, unhandledError());
    }
    return pick(
      fields,
      { ...body, value: pythonStr(body.value) },
      existing ?? { key: String(body.key), value: "", description: null },
      ["value", "description"],
    );
  },
  respond: (variable) => variableResponse(variable),
  aliases: { variable_key: "key" },
  keysLabel: "keys",
});

/** Connection endpoints. */
export const connectionHandlers: Handlers = collectionHandlers<FakeConnection>({
  singular: "connection",
  plural: "connections",
  keyParam: "connection_id",
  keyField: "connection_id",
  label: "Connection",
  keyLabel: "connection_id",
  records: (store) => store.connections,
  build: (body, fields, existing) =>
    pick(
      fields,
      body,
      existing ?? {
        connection_id: String(body.connection_id),
        conn_type: String(body.conn_type),
      },
      ["conn_type", "host", "login", "password", "port", "schema", "extra", "description"],
    ),
  respond: (connection) => connectionResponse(connection),
  keysLabel: "connection_ids",
});

/** Some of the connections `airflow connections create-default-connections` makes. */
const DEFAULT_CONNECTIONS: FakeConnection[] = [
  {
    connection_id: "airflow_db",
    conn_type: "mysql",
    host: "mysql",
    login: "root",
    schema: "airflow",
  },
  { connection_id: "aws_default", conn_type: "aws" },
  { connection_id: "fs_default", conn_type: "fs", extra: '{"path": "/"}' },
  { connection_id: "google_cloud_default", conn_type: "google_cloud_platform", schema: "default" },
  { connection_id: "http_default", conn_type: "http", host: "https://www.httpbin.org/" },
  {
    connection_id: "postgres_default",
    conn_type: "postgres",
    host: "postgres",
    login: "postgres",
    password: "airflow",
    schema: "airflow",
  },
  { connection_id: "sqlite_default", conn_type: "sqlite", host: "/tmp/sqlite_default.db" },
];

/** Connection endpoints beside the collection: defaults and tests. */
export const connectionExtraHandlers: Handlers = {
  create_default_connections: (context) => {
    for (const connection of DEFAULT_CONNECTIONS) {
      if (!context.store.connections.has(connection.connection_id)) {
        context.store.connections.set(connection.connection_id, { ...connection });
      }
    }
    return noContent();
  },
  // The fake reaches no outside system: where testing is enabled, every connection passes.
  test_connection: (context) => {
    const setting = context.store.config.get("core")?.get("test_connection") ?? "Disabled";
    if (setting.trim().toLowerCase() !== "enabled") {
      fail(
        403,
        "Testing connections is disabled in Airflow configuration. Contact your deployment admin to enable it.",
      );
    }
    return json({ message: "Connection successfully tested", status: true });
  },
};
