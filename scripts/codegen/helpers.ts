/**
 * The methods written by hand, once for every API version, that the generator adds to the
 * namespaces beside the spec's operations. Each is one call into a shared implementation in
 * `src/core/`, given the version's data from its `endpoints.ts`; placeholders such as `{Run}`
 * name the version's own types.
 *
 * @module
 */

/** A hand-written method of a namespace. */
export interface Helper {
  /** Namespace, such as `dagRuns`. */
  namespace: string;
  /** Method name, such as `wait`. */
  method: string;
  /** Parameters as written in the signature. */
  params: string[];
  /** Return type. */
  returns: string;
  /** The function's body; `core` is the client core. */
  body: string;
  /** What it needs from `src/core/`: module file → names (`type X` for a type). */
  core: Record<string, string[]>;
  /** What it needs from the version's `endpoints.ts`. */
  endpoints: string[];
  /** Doc paragraph lines. */
  doc: string[];
  /** The example's lines after `const airflow = new …(…);`. */
  example: string[];
}

/** Every helper. */
export const HELPERS: Helper[] = [
  {
    namespace: "dagRuns",
    method: "wait",
    params: ["dagId: string", "dagRunId: string", "options?: WaitOptions"],
    returns: "Promise<WaitResult<T.{Run}>>",
    body: "return waitForRun(runSource(core, RUNS, dagId, dagRunId), options);",
    core: {
      "run_waiter.ts": ["waitForRun", "type RunProgress", "type WaitOptions", "type WaitResult"],
      "run_source.ts": ["runSource"],
    },
    endpoints: ["RUNS"],
    doc: [
      "Waits until a run has finished and resolves with it and the return values asked for, as",
      "JSON values. It reads the server's stream of the run's state where there is one (Airflow",
      "3.1+), and polls the run with backoff where there is none. A failed run resolves too:",
      "check `run.state`. The run it resolves with has always finished.",
    ],
    example: [
      'const run = await airflow.dagRuns.trigger("etl", { conf: { day: "2026-11-20" } });',
      'const { run: done, results } = await airflow.dagRuns.wait("etl", run.dag_run_id!, {',
      '  results: ["load"],',
      "  totalTimeout: 30 * 60_000,",
      "});",
      "console.log(done.state, results.load);",
    ],
  },
  {
    namespace: "dagRuns",
    method: "watch",
    params: ["dagId: string", "dagRunId: string", "options?: WaitOptions"],
    returns: "AsyncGenerator<RunProgress<T.{Run}>, void, undefined>",
    body: "return watchRun(runSource(core, RUNS, dagId, dagRunId), options);",
    core: { "run_waiter.ts": ["watchRun"], "run_source.ts": ["runSource"] },
    endpoints: ["RUNS"],
    doc: [
      "Follows a run as it progresses: yields its state each time it changes, then a last step",
      "(`finished: true`) with the finished run and the return values asked for. Leaving the",
      "loop early closes the stream.",
    ],
    example: [
      'for await (const step of airflow.dagRuns.watch("etl", "manual__2026-11-20T10:00:00+00:00")) {',
      "  console.log(step.state);",
      '  if (step.finished) console.log("ended at", step.run.end_date);',
      "}",
    ],
  },
  {
    namespace: "taskInstances",
    method: "logs",
    params: [
      "dagId: string",
      "dagRunId: string",
      "taskId: string",
      "tryNumber: number",
      "options?: LogOptions",
    ],
    returns: "LogStream",
    body: "return streamLog(\n" +
      "  logSource(core, LOGS, dagId, dagRunId, taskId, tryNumber, options?.mapIndex),\n" +
      "  options,\n" +
      ");",
    core: {
      "log_stream.ts": ["streamLog", "type LogOptions", "type LogStream"],
      "log_source.ts": ["logSource"],
    },
    endpoints: ["LOGS"],
    doc: [
      "The log of one try of a task instance, line by line as it arrives. With `follow: true` it",
      "reads again until the try has finished, like `tail -f`, and yields each line once. The",
      "source-details header that opens every Airflow 3 log is not yielded: its entries are in",
      "`sources`. Leaving the loop early, or aborting, closes the stream.",
    ],
    example: [
      "const lines = airflow.taskInstances.logs(",
      '  "etl",',
      '  "manual__2026-11-20T10:00:00+00:00",',
      '  "extract",',
      "  1,",
      "  { follow: true },",
      ");",
      'for await (const line of lines) console.log(line.timestamp ?? "", line.event);',
    ],
  },
  {
    namespace: "variables",
    method: "set",
    params: ["key: string", "value: string", "options?: SetVariableOptions"],
    returns: "Promise<T.{Variable}>",
    body: "return upsertVariable(core, VARIABLES, key, value, options);",
    core: { "variable_setter.ts": ["upsertVariable", "type SetVariableOptions"] },
    endpoints: ["VARIABLES"],
    doc: [
      "Sets a variable, creating it if it does not exist. Airflow stores values as text, so the",
      "value is a string: `JSON.stringify` structured data, and `JSON.parse` it when read back.",
      "An existing variable keeps its description unless `options.description` is given.",
    ],
    example: [
      'await airflow.variables.set("limits", JSON.stringify({ max: 3 }), { description: "caps" });',
      'const limits = JSON.parse((await airflow.variables.get("limits")).value ?? "null");',
      "console.log(limits.max);",
    ],
  },
];

/** `namespace.method` of a helper. */
export function helperName(helper: Helper): string {
  return `${helper.namespace}.${helper.method}`;
}
