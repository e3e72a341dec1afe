/**
 * Compile-time checks of the public types: this file fails `deno check` (and so the test run)
 * if a call that should type-check does not, or one that should not does.
 */
import assert from "node:assert/strict";
import { Airflow, type DAGResponse } from "../mod.ts";

function calls(airflow: Airflow) {
  return async () => {
    await airflow.dags.update("etl", { is_paused: true }, { update_mask: ["is_paused"] });
    await airflow.dagRuns.trigger("etl", { logical_date: new Date(), conf: {} });
    for await (const ti of airflow.taskInstances.list("~", "~", { state: ["failed"] })) {
      const taskId: string = ti.task_id;
      assert.ok(taskId);
    }
    const page = await airflow.dagRuns.list("etl", { pageSize: 10 }).firstPage();
    const total: number = page.total_entries;
    const dag: DAGResponse = await airflow.request("PATCH /api/v2/dags/{dag_id}", {
      dag_id: "etl",
      update_mask: ["is_paused"],
      body: { is_paused: true },
    });
    await airflow.request("GET /api/v2/version");
    // @ts-expect-error: dag_id is required
    await airflow.request("GET /api/v2/dags/{dag_id}", {});
    // @ts-expect-error: paused is a boolean
    await airflow.dags.list({ paused: "yes" });
    // @ts-expect-error: limit is replaced by pageSize on paged lists
    await airflow.dags.list({ limit: 5 });
    // @ts-expect-error: no such namespace
    airflow.dagz;
    return [total, dag];
  };
}

Deno.test("public types accept the documented calls and refuse wrong ones", () => {
  assert.equal(typeof calls(new Airflow({ baseUrl: "http://x" })), "function");
});
