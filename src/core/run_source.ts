/**
 * A {@link RunSource} built from one API version's operations: the run read with its `GET`, the
 * state stream opened where the version has one (a 404 or 405 means the server has not), and
 * return values read as XCom entries.
 *
 * @module
 */
import type { AirflowCore } from "./client.ts";
import { APIError, NotFoundError } from "./errors.ts";
import { readLines } from "./lines.ts";
import { paginate } from "./list_call.ts";
import type { Operation } from "./operation.ts";
import type { RunLike, RunSource } from "./run_waiter.ts";

/** The operations waiting uses, from one API version. */
export interface RunEndpoints {
  /** Reads one dag run; path `[dagId, dagRunId]`. */
  getRun: Operation;
  /** Reads one XCom entry; path `[dagId, dagRunId, taskId, key]`, query `map_index`. */
  getXcom: Operation;
  /** Lists a task instance's XCom entries; path `[dagId, dagRunId, taskId]`, query `xcom_key`. */
  listXcoms: Operation;
  /** The query that makes {@link RunEndpoints.getXcom} answer with the value, not its repr. */
  xcomQuery?: object;
  /**
   * Whether values may arrive as the JSON text they were stored as (Airflow 3): they are then
   * decoded as Airflow's own `deserialize` does, and a string that is not JSON stays as it is.
   */
  decodeValues: boolean;
  /** The NDJSON stream of a run's state (Airflow 3.1+); absent where the API has none. */
  waitStream?: Operation;
}

/** The source of one dag run, read through `core` with `endpoints`. */
export function runSource<Run extends RunLike>(
  core: AirflowCore,
  endpoints: RunEndpoints,
  dagId: string,
  dagRunId: string,
): RunSource<Run> {
  const path = [dagId, dagRunId];
  const waitStream = endpoints.waitStream;
  return {
    label: `dag run ${JSON.stringify(dagRunId)} of ${JSON.stringify(dagId)}`,
    read: (call) => core.call<Run>(endpoints.getRun, { path }, call),
    states: waitStream && (async (interval, results, call) => {
      let response: Response;
      try {
        response = await core.open(
          waitStream,
          {
            path,
            query: { interval: interval / 1000, result: results.length ? [...results] : undefined },
          },
          "application/x-ndjson",
          call,
        );
      } catch (error) {
        if (error instanceof APIError && (error.status === 404 || error.status === 405)) {
          return undefined;
        }
        throw error;
      }
      return response.body
        ? readLines(response.body, {
          signal: call.signal,
          idleTimeout: call.idleTimeout,
          label: "the /wait stream",
        })
        : undefined;
    }),
    /**
     * A task's `return_value`; for a mapped task, whose entries have map indexes, the list of
     * its values in map index order, as Airflow's `/wait` gives it.
     */
    async result(taskId, call) {
      const read = (mapIndex?: number) =>
        core.call<{ value?: unknown }>(endpoints.getXcom, {
          path: [dagId, dagRunId, taskId, "return_value"],
          query: { ...endpoints.xcomQuery, map_index: mapIndex },
        }, call).then((xcom) => xcom.value);
      try {
        return { value: await read() };
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
      const entries = await paginate<{ map_index?: number }, unknown>(
        core,
        endpoints.listXcoms,
        [dagId, dagRunId, taskId],
        { xcom_key: "return_value" } as object,
        call,
      ).toArray().catch((error) => {
        if (error instanceof NotFoundError) return [];
        throw error;
      });
      const indexes = entries.map((entry) => entry.map_index ?? -1).filter((index) => index >= 0)
        .sort((a, b) => a - b);
      if (indexes.length === 0) return undefined;
      const values = [];
      for (const index of indexes) values.push(await read(index));
      return { value: values };
    },
    decode: endpoints.decodeValues ? decodeResult : (value) => value,
  };
}

/** A task's result as the server sends it, decoded: a mapped task's list, value by value. */
export function decodeResult(value: unknown): unknown {
  return Array.isArray(value) ? value.map(decodeValue) : decodeValue(value);
}

/**
 * A value that may be the JSON text it was stored as, decoded: a string that parses as JSON is
 * replaced by what it encodes, as Airflow's `deserialize` does; anything else is kept.
 */
export function decodeValue(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
