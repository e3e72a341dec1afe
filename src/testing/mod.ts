/**
 * A fake Airflow for tests and demos: an in-memory, stateful implementation of every operation
 * of Airflow 3's REST API (`/api/v2`, as 3.0, 3.1 or 3.2), or of Airflow 2's (`/api/v1`) for
 * what its client's helpers use, that runs wherever `fetch` does. Hand its `fetch` to the
 * client, or serve it on a port with {@link FakeAirflow.listen}.
 *
 * - Runs move from `queued` to `running` to `success` or `failed` as its clock moves; tasks
 *   retry, write logs and return XComs, all as given in the seed ({@link FakeDag}); clears,
 *   states set by hand, approvals, assets and backfills change what happens next.
 * - Tokens, roles, paging, filters, validation errors and error bodies follow Airflow's rules.
 * - {@link ManualClock} moves only when told to; {@link PacedClock} follows real time, faster.
 *
 * @example A run from trigger to success
 * ```ts
 * import { Airflow } from "@airflowkit/client";
 * import { FakeAirflow, ManualClock } from "@airflowkit/client/testing";
 *
 * const clock = new ManualClock();
 * const fake = new FakeAirflow({
 *   clock,
 *   dags: [{ dag_id: "etl", tasks: [{ task_id: "load", durationSeconds: 10, returns: 42 }] }],
 * });
 * const airflow = new Airflow(fake.clientOptions());
 * const run = await airflow.dagRuns.trigger("etl");
 * await clock.advance(15_000);
 * console.log((await airflow.dagRuns.get("etl", run.dag_run_id)).state); // "success"
 * ```
 *
 * @module
 */
export {
  FakeAirflow,
  type FakeAirflowOptions,
  type FakeClientOptions,
  type FakeVersion,
} from "./fake_airflow.ts";
export { type FakeClock, ManualClock, PacedClock, type PacedClockOptions } from "./clock.ts";
export type {
  FakeAsset,
  FakeBackfill,
  FakeConnection,
  FakeDag,
  FakeHitl,
  FakeImportError,
  FakePlugin,
  FakePool,
  FakeProvider,
  FakeRole,
  FakeRun,
  FakeTask,
  FakeUser,
  FakeVariable,
} from "./seed.ts";
export type { Listener, ListenOptions } from "./listen.ts";
export { exampleDags, type ExampleSeed, exampleSeed } from "./examples.ts";
