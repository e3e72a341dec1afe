/**
 * The demo: connect, list DAGs page by page, trigger a run and read it back.
 *
 * With `AIRFLOW_URL` set it runs against that Airflow 3, authenticating with
 * `AIRFLOW_USERNAME` and `AIRFLOW_PASSWORD` or with `AIRFLOW_TOKEN`; it triggers a run only when
 * `AIRFLOW_DAG_ID` names the DAG to trigger. Without `AIRFLOW_URL` it starts Prism serving the
 * official Airflow 3.2.1 spec with random answers, so every value printed is made up.
 *
 * Run: `deno task demo`.
 *
 * @module
 */
import { Airflow, AirflowError, type AuthOptions } from "../mod.ts";
import { type PrismServer, startPrism } from "../scripts/prism.ts";

function authFromEnv(): AuthOptions | undefined {
  const token = Deno.env.get("AIRFLOW_TOKEN");
  if (token) return { token };
  const username = Deno.env.get("AIRFLOW_USERNAME");
  const password = Deno.env.get("AIRFLOW_PASSWORD");
  return username && password ? { username, password } : undefined;
}

async function main(): Promise<void> {
  let prism: PrismServer | undefined;
  let baseUrl = Deno.env.get("AIRFLOW_URL");
  let auth = authFromEnv();
  let dagToTrigger = Deno.env.get("AIRFLOW_DAG_ID");
  if (!baseUrl) {
    const spec =
      new URL("../../shared/openapi/airflow-3.2.1-api-v2.yaml", import.meta.url).pathname;
    console.log("No AIRFLOW_URL set: starting Prism on the Airflow 3.2.1 spec (random answers).");
    prism = await startPrism(spec, true);
    baseUrl = prism.url;
    auth = { token: "demo-token" };
    dagToTrigger = "example_dag";
  }
  try {
    const airflow = new Airflow({ baseUrl, auth });
    console.log(`Client: ${airflow}`);
    const version = await airflow.version.get();
    console.log(`Airflow version: ${version.version}`);

    console.log("DAGs, fetched 5 per page, at most 12:");
    let pages = 0;
    for await (const page of airflow.dags.list({ pageSize: 5, maxItems: 12 }).pages()) {
      pages++;
      for (const dag of page.dags) console.log(`  ${dag.dag_id} (paused: ${dag.is_paused})`);
    }
    console.log(`  (${pages} page${pages === 1 ? "" : "s"})`);

    if (dagToTrigger) {
      const run = await airflow.dagRuns.trigger(dagToTrigger, {
        logical_date: null,
        conf: { triggered_by: "airflowkit demo" },
      });
      console.log(`Triggered ${run.dag_id} / ${run.dag_run_id}: ${run.state}`);
      const again = await airflow.dagRuns.get(run.dag_id, run.dag_run_id);
      console.log(`Read back: state ${again.state}`);
    } else {
      console.log("Set AIRFLOW_DAG_ID to trigger a run of that DAG.");
    }
  } catch (error) {
    if (error instanceof AirflowError) {
      console.error(`${error.name}: ${error.message}`);
      Deno.exitCode = 1;
    } else throw error;
  } finally {
    await prism?.close();
  }
}

await main();
