/**
 * An Airflow 2 (`/api/v1`) for the CLI's tests: the embedded fake playing 2.10.0, served on a
 * loopback port, with HTTP Basic on every request and no `/api/v2`, as Airflow 2 has.
 */
import { exampleDags, FakeAirflow, type FakeRun, PacedClock } from "../../../src/testing/mod.ts";
import { PASSWORD } from "./fake_server.ts";

/** A served Airflow 2 fake. */
export interface V1Server {
  url: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Serves the fake as Airflow 2.10 until `close()`. */
export async function serveV1(
  options: { pace?: number; runs?: FakeRun[] } = {},
): Promise<V1Server> {
  const fake = new FakeAirflow({
    version: "2.10.0",
    dags: exampleDags(),
    clock: new PacedClock({ pace: options.pace ?? 50 }),
    runs: options.runs,
    users: [{ username: "ops", password: PASSWORD, role: "admin" }],
  });
  const server = await fake.listen({ port: 0 });
  return {
    url: server.url,
    env: { AIRFLOW_URL: server.url, AIRFLOW_USERNAME: "ops", AIRFLOW_PASSWORD: PASSWORD },
    close: () => server.close(),
  };
}
