/**
 * Run by `validation_test.ts` in a process where V8 refuses to build code from strings, as
 * Cloudflare Workers do: checks an answer that matches and one that does not, and prints what
 * happened as JSON.
 */
import { Airflow, ResponseValidationError } from "../../mod.ts";
import { dag, fakeFetch, json } from "./fake_fetch.ts";

let evalRefused = false;
try {
  new Function("return 1")();
} catch {
  evalRefused = true;
}
const { fetch } = fakeFetch((request) =>
  request.url.pathname.endsWith("/broken")
    ? json({ ...dag("x"), is_paused: "no" })
    : json(dag("etl"))
);
const airflow = new Airflow({ baseUrl: "http://airflow.test", fetch });
const valid = (await airflow.dags.get("etl")).dag_id;
const error = await airflow.dags.get("broken").catch((e) => e);
console.log(JSON.stringify({
  evalRefused,
  valid,
  refused: error instanceof ResponseValidationError,
  issues: error.issues,
}));
