/**
 * The demo, the job most users have: list the DAGs, trigger a run, show its progress while
 * waiting, print each task's log as it streams, and exit non-zero if the run failed.
 *
 * Without `AIRFLOW_URL` it starts the embedded fake Airflow (`@airflowkit/client/testing`) with
 * its example set (a dozen and more DAGs, assets, a backfill, an import error), on a clock running 10 times faster than real time, and triggers
 * `etl_daily` (or the DAG named by `AIRFLOW_DAG_ID`, such as `reporting` or `flaky_checks`). With `AIRFLOW_URL` it runs against that Airflow 3, authenticating with
 * `AIRFLOW_USERNAME` and `AIRFLOW_PASSWORD` or with `AIRFLOW_TOKEN`, and triggers the DAG named
 * by `AIRFLOW_DAG_ID`.
 *
 * Run: `deno task demo`.
 *
 * @module
 */
import { Airflow, AirflowError, type AuthOptions, NotFoundError } from "../mod.ts";
import { exampleSeed, FakeAirflow, PacedClock } from "../src/testing/mod.ts";

function authFromEnv(): AuthOptions | undefined {
  const token = Deno.env.get("AIRFLOW_TOKEN");
  if (token) return { token };
  const username = Deno.env.get("AIRFLOW_USERNAME");
  const password = Deno.env.get("AIRFLOW_PASSWORD");
  return username && password ? { username, password } : undefined;
}

function connect(): { airflow: Airflow; dagId: string | undefined } {
  const baseUrl = Deno.env.get("AIRFLOW_URL");
  if (baseUrl) {
    return {
      airflow: new Airflow({ baseUrl, auth: authFromEnv() }),
      dagId: Deno.env.get("AIRFLOW_DAG_ID"),
    };
  }
  console.log("No AIRFLOW_URL set: using the embedded fake Airflow (time runs 10x faster).");
  const fake = new FakeAirflow({ ...exampleSeed(), clock: new PacedClock({ pace: 10 }) });
  return {
    airflow: new Airflow(fake.clientOptions()),
    dagId: Deno.env.get("AIRFLOW_DAG_ID") ?? "etl_daily",
  };
}

/** Prints a task's log as it is written, try after try, until no further try comes. */
async function followTask(airflow: Airflow, dagId: string, runId: string, taskId: string) {
  for (let tryNumber = 1;; tryNumber++) {
    const lines = airflow.taskInstances.logs(dagId, runId, taskId, tryNumber, {
      follow: true,
      interval: 100,
    });
    try {
      for await (const line of lines) {
        console.log(`  [${taskId} try ${tryNumber}] ${line.level ?? "info"}: ${line.event}`);
      }
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
  }
}

async function main(): Promise<void> {
  const { airflow, dagId } = connect();
  console.log(`Client: ${airflow}`);
  console.log(`Airflow version: ${(await airflow.version.get()).version}`);

  console.log("DAGs, 5 per page:");
  let pageNumber = 0;
  for await (const page of airflow.dags.list({ pageSize: 5 }).pages()) {
    pageNumber++;
    const ids = page.dags.map((dag) => dag.dag_id + (dag.is_paused ? " (paused)" : ""));
    console.log(`  page ${pageNumber}: ${ids.join(", ")}`);
  }
  if (!dagId) return console.log("Set AIRFLOW_DAG_ID to trigger a run of that DAG.");

  const run = await airflow.dagRuns.trigger(dagId, { conf: { triggered_by: "airflowkit demo" } });
  console.log(`Triggered ${run.dag_id} / ${run.dag_run_id}: ${run.state}`);

  const progress = (async () => {
    for await (const step of airflow.dagRuns.watch(dagId, run.dag_run_id, { interval: 500 })) {
      console.log(`Run ${run.dag_run_id} is ${step.state}`);
      if (step.finished) return step.run;
    }
  })();
  const tasks = await airflow.taskInstances.list(dagId, run.dag_run_id).toArray();
  for (const task of tasks) await followTask(airflow, dagId, run.dag_run_id, task.task_id);
  const finished = await progress;
  console.log(`Finished: ${finished?.state} in ${finished?.duration?.toFixed(1)} s`);
  if (finished?.state !== "success") Deno.exitCode = 1;
}

try {
  await main();
} catch (error) {
  if (!(error instanceof AirflowError)) throw error;
  console.error(`${error.name}: ${error.message}`);
  Deno.exitCode = 1;
}
