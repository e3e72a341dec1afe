/**
 * The functions of `@airflowkit/client/core`: one per operation and helper, the core first, each
 * making the same call as its namespace method, against the embedded fake Airflow.
 */
import assert from "node:assert/strict";
import {
  AirflowCore,
  DagRuns,
  dagRunsGet,
  dagRunsTrigger,
  dagRunsWait,
  Dags,
  dagsGet,
  dagsList,
  NotFoundError,
  RequestValidationError,
  taskInstancesLogs,
  variablesSet,
} from "../src/v2/bare_core.ts";
import * as functions from "../src/v2/generated/functions.ts";
import * as resources from "../src/v2/generated/resources.ts";
import { exampleDags, FakeAirflow, PacedClock } from "../src/testing/mod.ts";

function fakeCore(): { core: AirflowCore; sent: string[] } {
  const fake = new FakeAirflow({ dags: exampleDags(), clock: new PacedClock({ pace: 200 }) });
  const sent: string[] = [];
  const fetch = (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path !== "/auth/token") sent.push(`${request.method} ${path}`);
    return fake.fetch(request);
  };
  return { core: new AirflowCore({ ...fake.clientOptions(), fetch }), sent };
}

Deno.test("functions make the calls of their namespace methods", async () => {
  const { core, sent } = fakeCore();
  assert.deepEqual(await dagsGet(core, "etl_daily"), await new Dags(core).get("etl_daily"));
  assert.deepEqual(sent, ["GET /api/v2/dags/etl_daily", "GET /api/v2/dags/etl_daily"]);

  const ids = [];
  for await (const dag of dagsList(core, { pageSize: 2 })) ids.push(dag.dag_id);
  assert.ok(ids.length > 2, `paged through ${ids.length} DAGs`);
  assert.deepEqual(ids, (await new Dags(core).list().toArray()).map((dag) => dag.dag_id));

  const run = await dagRunsTrigger(core, "etl_daily", { logical_date: null });
  const { run: done } = await dagRunsWait(core, "etl_daily", run.dag_run_id, { interval: 5 });
  assert.equal(done.state, "success");
  const again = await dagRunsGet(core, "etl_daily", run.dag_run_id);
  assert.deepEqual([again.dag_run_id, again.state, again.end_date], [
    done.dag_run_id,
    "success",
    done.end_date,
  ]);
  const events = [];
  for await (const line of taskInstancesLogs(core, "etl_daily", run.dag_run_id, "extract", 1)) {
    events.push(line.event);
  }
  assert.ok(events.length > 0, "the log has lines");

  const variable = await variablesSet(core, "limits", "3", { description: "caps" });
  assert.deepEqual([variable.key, variable.value], ["limits", "3"]);
});

Deno.test("functions fail as their methods do", async () => {
  const { core, sent } = fakeCore();
  await assert.rejects(dagsGet(core, "missing"), NotFoundError);
  // @ts-expect-error dag_id is a string
  await assert.rejects(dagsGet(core, 3), RequestValidationError);
  await assert.rejects(
    new DagRuns(core).get("etl_daily", "none"),
    NotFoundError,
  );
  assert.deepEqual(sent, [
    "GET /api/v2/dags/missing",
    "GET /api/v2/dags/etl_daily/dagRuns/none",
  ]);
});

Deno.test("every namespace method has its function, and each function is a method's", () => {
  const exported = new Set(
    Object.entries(functions).filter(([, value]) => typeof value === "function").map(([name]) =>
      name
    ),
  );
  const called = new Set<string>();
  for (const value of Object.values(resources)) {
    if (typeof value !== "function" || value === resources.Airflow) continue;
    const prototype = (value as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name === "constructor") continue;
      const source = String((prototype as Record<string, unknown>)[name]);
      const match = source.match(/fn\.(\w+)\(this\.#core/);
      assert.ok(match, `${value.name}.${name} calls a function`);
      assert.ok(exported.has(match[1]), `${match[1]} is exported`);
      called.add(match[1]);
    }
  }
  assert.deepEqual([...exported].filter((name) => !called.has(name)), []);
  assert.ok(called.size > 100, `${called.size} functions`);
});
