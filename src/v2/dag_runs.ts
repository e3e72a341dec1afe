/**
 * The `dagRuns` namespace: every generated operation, plus waiting for a run to finish.
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
import type { DAGRunResponse } from "./generated/types.ts";

const RUN_ENDPOINTS: RunEndpoints = {
  getRun: op.getDagRun,
  getXcom: op.getXcomEntry,
  decodeValues: true,
  waitStream: op.waitDagRunUntilFinished,
};

/** Dag runs: the operations of {@link DagRunsApi}, plus {@link DagRuns.wait} and {@link DagRuns.watch}. */
export class DagRuns extends DagRunsApi {
  readonly #core: ApiClient;

  /**
   * Binds the namespace to a client core; {@link Airflow} does this for you.
   *
   * @param core The client core that sends the requests.
   */
  constructor(core: ApiClient) {
    super(core);
    this.#core = core;
  }

  /**
   * Waits until a run has finished and resolves with it and the return values asked for. It
   * reads Airflow 3.1+'s `/wait` stream as it arrives; where there is none (Airflow 3.0) it
   * polls the run with backoff. A failed run resolves too: check `run.state`.
   *
   * @example Trigger, wait, and fail the script if the run failed
   * ```ts
   * import { Airflow } from "@airflowkit/client";
   *
   * const airflow = new Airflow({ baseUrl: "http://localhost:8080", auth: { token: "t" } });
   * const run = await airflow.dagRuns.trigger("etl");
   * const { run: done, results } = await airflow.dagRuns.wait("etl", run.dag_run_id, {
   *   results: ["load"],
   *   timeout: 30 * 60_000,
   * });
   * console.log(done.state, results.load);
   * ```
   */
  wait(
    dagId: string,
    dagRunId: string,
    options?: WaitOptions,
  ): Promise<WaitResult<DAGRunResponse>> {
    return waitForRun(this.#core, RUN_ENDPOINTS, dagId, dagRunId, options);
  }

  /**
   * Follows a run as it progresses: yields its state each time it changes, then a last step
   * (`finished: true`) with the finished run and the return values asked for. Leaving the loop
   * early closes the stream.
   *
   * @example Printing progress
   * ```ts
   * import { Airflow } from "@airflowkit/client";
   *
   * const airflow = new Airflow({ baseUrl: "http://localhost:8080", auth: { token: "t" } });
   * for await (const step of airflow.dagRuns.watch("etl", "manual__2026-11-20T10:00:00+00:00")) {
   *   console.log(step.state);
   *   if (step.finished) console.log("took", step.run.duration, "s");
   * }
   * ```
   */
  watch(
    dagId: string,
    dagRunId: string,
    options?: WaitOptions,
  ): AsyncGenerator<RunProgress<DAGRunResponse>, void, undefined> {
    return watchRun(this.#core, RUN_ENDPOINTS, dagId, dagRunId, options);
  }
}
