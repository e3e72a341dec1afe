/**
 * One call that finds out which REST API a server speaks and returns the matching client. It
 * carries both clients, Airflow 3's and Airflow 2's, so it has an entry point of its own.
 *
 * @example
 * ```ts
 * import { connect } from "@airflowkit/client/connect";
 *
 * const airflow = await connect({ baseUrl: "http://localhost:8080", auth: { token: "t" } });
 * console.log(airflow.serverVersion);
 * ```
 *
 * @module
 */
import { NotFoundError } from "./core/errors.ts";
import type { ClientOptions } from "./core/options.ts";
import { minorVersion } from "./core/server_version.ts";
import { AirflowV1 } from "./v1/generated/resources.ts";
import { Airflow } from "./v2/generated/resources.ts";

/**
 * Asks the server which API it speaks, `/api/v2/version` first (Airflow 3), then
 * `/api/v1/version` (Airflow 2), and returns an {@link Airflow} or an {@link AirflowV1} built
 * from the same options, with `serverVersion` set to the version the server reports. Only a 404 moves on to the next version; any other failure (a refused
 * connection, bad credentials) is thrown as it is. When neither answers, a `NotFoundError` says
 * so.
 *
 * Code that uses only what both versions have (`dags`, `dagRuns`, `taskInstances`, `pools`,
 * `variables`, `connections`, …) runs on either client as it is; `instanceof` tells them apart
 * where they differ.
 *
 * @param options Where Airflow is and how to call it, as for either client.
 * @returns The client for the newest API the server speaks.
 * @example One script for Airflow 2 and 3
 * ```ts
 * import { Airflow } from "@airflowkit/client";
 * import { connect } from "@airflowkit/client/connect";
 *
 * const airflow = await connect({
 *   baseUrl: "http://localhost:8080",
 *   auth: { username: "admin", password: "secret" },
 * });
 * console.log(airflow instanceof Airflow ? "Airflow 3" : "Airflow 2");
 * const dag = await airflow.dags.get("etl");
 * console.log(dag.dag_id, dag.is_paused);
 * ```
 */
export async function connect(options: ClientOptions): Promise<Airflow | AirflowV1> {
  const v2 = new Airflow(options);
  try {
    const { version } = await v2.version.get();
    return new Airflow(withVersion(options, version));
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  const v1 = new AirflowV1(options);
  try {
    const { version } = await v1.version.get();
    return new AirflowV1(withVersion(options, version));
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new NotFoundError({
      status: error.status,
      method: error.method,
      url: error.url,
      detail: `neither /api/v2/version nor /api/v1/version answered at ${v2.baseUrl}`,
      body: error.body,
      headers: error.headers,
    });
  }
}

/** `options` with the version the server reported, unless they state one or it is unreadable. */
function withVersion(options: ClientOptions, reported: string | undefined): ClientOptions {
  if (options.serverVersion !== undefined || !reported || !minorVersion(reported)) return options;
  return { ...options, serverVersion: reported };
}
