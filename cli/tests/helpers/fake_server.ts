/**
 * The fake Airflow served on a loopback port for the CLI's tests, with the example DAGs, a
 * password only these tests know, and a clock fast enough that runs end in moments.
 */
import { exampleDags, FakeAirflow, type FakeRun, PacedClock } from "../../../src/testing/mod.ts";

/** A served fake. */
export interface FakeServer {
  url: string;
  fake: FakeAirflow;
  /** The environment that points the CLI at it. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The fake's password; tests check it never shows. */
export const PASSWORD = "pw-9f3c1e77-never-print";

/** Serves a fake until `close()`. */
export async function serveFake(
  options: { pace?: number; runs?: FakeRun[]; variables?: { key: string; value: string }[] } = {},
): Promise<FakeServer> {
  const fake = new FakeAirflow({
    dags: exampleDags(),
    clock: new PacedClock({ pace: options.pace ?? 50 }),
    users: [{ username: "ops", password: PASSWORD, role: "admin" }],
    runs: options.runs,
    variables: options.variables,
  });
  const server = await fake.listen({ port: 0 });
  return {
    url: server.url,
    fake,
    env: { AIRFLOW_URL: server.url, AIRFLOW_USERNAME: "ops", AIRFLOW_PASSWORD: PASSWORD },
    close: () => server.close(),
  };
}
