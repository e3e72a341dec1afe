/**
 * Dag runs on `/api/v1`, with waiting: Airflow 2 has no `/wait` stream, so it polls.
 *
 * @module
 */
import type { ApiClient } from "../core/client.ts";
import {
  type RunEndpoints,
  type RunProgress,
  waitForRun,
  type WaitOptions,
  type WaitResult,
  watchRun,
} from "../core/run_waiter.ts";
import * as op from "./generated/operations.ts";
import { DagRunsApi } from "./generated/resources.ts";
import type { DAGRun } from "./generated/types.ts";

/** Airflow 2 answers an XCom with its Python `str()` unless asked not to stringify it. */
const RUN_ENDPOINTS: RunEndpoints = {
  getRun: op.getDagRun,
  getXcom: op.getXcomEntry,
  xcomQuery: { stringify: false },
  decodeValues: false,
};

/** Dag runs: the operations of {@link DagRunsApi}, plus {@link DagRuns.wait} and {@link DagRuns.watch}. */
export class DagRuns extends DagRunsApi {
  readonly #core: ApiClient;

  /**
   * Binds the namespace to a client core; {@link AirflowV1} does this for you.
   *
   * @param core The client core that sends the requests.
   */
  constructor(core: ApiClient) {
    super(core);
    this.#core = core;
  }

  /**
   * Waits until a run has finished (`success` or `failed`), polling it with backoff, and
   * collects the return values of the tasks named in `results`.
   *
   * @example
   * ```ts
   * const run = await airflow.dagRuns.trigger("etl", {});
   * const { run: done } = await airflow.dagRuns.wait("etl", run.dag_run_id!, { timeout: 600_000 });
   * console.log(done.state);
   * ```
   */
  wait(dagId: string, dagRunId: string, options?: WaitOptions): Promise<WaitResult<DAGRun>> {
    return waitForRun(this.#core, RUN_ENDPOINTS, dagId, dagRunId, options);
  }

  /**
   * Yields the run's state each time it changes, then a last step with the finished run.
   *
   * @example
   * ```ts
   * for await (const step of airflow.dagRuns.watch("etl", "manual__2026-11-20T10:00:00+00:00")) {
   *   console.log(step.state);
   * }
   * ```
   */
  watch(
    dagId: string,
    dagRunId: string,
    options?: WaitOptions,
  ): AsyncGenerator<RunProgress<DAGRun>, void, undefined> {
    return watchRun(this.#core, RUN_ENDPOINTS, dagId, dagRunId, options);
  }
}
