/**
 * Opens the {@link AirflowApi} of a target: `connect()` asks the server which API it speaks,
 * or the embedded fake Airflow starts in this process.
 *
 * @module
 */
import { Airflow, type ClientOptions } from "@airflowkit/client";
import { connect } from "@airflowkit/client/connect";
import { exampleDags, FakeAirflow, PacedClock } from "@airflowkit/client/testing";
import type { Target } from "../settings/target.ts";
import type { AirflowApi } from "./api.ts";
import { V1Api } from "./v1.ts";
import { V2Api } from "./v2.ts";

/** How much faster than real time the `--fake` Airflow's clock runs. */
export const FAKE_PACE = 10;

/** The embedded fake: the example DAGs, with runs of the last day already finished. */
export function fakeOptions(): ClientOptions {
  const now = Date.now();
  const hoursAgo = (hours: number) => new Date(now - hours * 3_600_000);
  const fake = new FakeAirflow({
    dags: exampleDags(),
    clock: new PacedClock({ pace: FAKE_PACE }),
    runs: [
      { dag_id: "etl_daily", triggeredAt: hoursAgo(30) },
      { dag_id: "etl_daily", triggeredAt: hoursAgo(6) },
      { dag_id: "flaky_checks", triggeredAt: hoursAgo(9) },
      { dag_id: "reporting", triggeredAt: hoursAgo(5) },
      { dag_id: "billing_sync", triggeredAt: hoursAgo(2) },
    ],
  });
  return fake.clientOptions();
}

/** The options of a client for a target. */
export function clientOptions(target: Target): ClientOptions {
  if (target.kind === "fake") return fakeOptions();
  const credentials = target.credentials;
  return {
    baseUrl: target.url,
    auth: !credentials
      ? undefined
      : "token" in credentials
      ? { token: credentials.token.reveal() }
      : { username: credentials.username, password: credentials.password.reveal() },
  };
}

/** The API of the target, after asking it which one it speaks. */
export async function openApi(target: Target, signal?: AbortSignal): Promise<AirflowApi> {
  const options = { ...clientOptions(target), signal };
  const client = await connect(options);
  return client instanceof Airflow ? new V2Api(client) : new V1Api(client);
}
