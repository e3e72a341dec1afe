import assert from "node:assert/strict";
import { Airflow } from "../mod.ts";
import { fakeFetch, json } from "./helpers/fake_fetch.ts";

const BASE = "http://airflow.test";

/** A server with `total` runs that caps `limit` at `maxPageLimit`, as Airflow does. */
function server(total: number, maxPageLimit = 100) {
  return fakeFetch((request) => {
    const limit = Math.min(Number(request.url.searchParams.get("limit") ?? 50), maxPageLimit);
    const offset = Number(request.url.searchParams.get("offset") ?? 0);
    const end = Math.min(offset + limit, total);
    const dag_runs = [];
    for (let index = offset; index < end; index++) {
      dag_runs.push({
        dag_id: `dag${index % 3}`,
        dag_run_id: `run${index}`,
        run_after: "2026-11-20T10:00:00Z",
        run_type: "manual",
        state: "success",
        dag_versions: [],
      });
    }
    return json({ dag_runs, total_entries: total });
  });
}

Deno.test("for await yields every item once and stops at total_entries without an empty page", async () => {
  const { fetch, requests } = server(250);
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const ids = [];
  for await (const run of airflow.dagRuns.list("~")) ids.push(run.dag_run_id);
  assert.equal(ids.length, 250);
  assert.equal(new Set(ids).size, 250);
  assert.deepEqual(requests.map((r) => r.url.searchParams.get("offset")), ["0", "100", "200"]);
  assert.ok(requests.every((r) => r.url.pathname === "/api/v2/dags/~/dagRuns"));
});

Deno.test("the server's maximum_page_limit caps pages; paging follows what came back", async () => {
  const { fetch, requests } = server(120, 50);
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const runs = await airflow.dagRuns.list("~", { pageSize: 100 }).toArray();
  assert.equal(runs.length, 120);
  assert.deepEqual(requests.map((r) => r.url.searchParams.get("offset")), ["0", "50", "100"]);
  assert.ok(requests.every((r) => r.url.searchParams.get("limit") === "100"));
});

Deno.test("pageSize and maxItems are separate; the last request asks only for what is left", async () => {
  const { fetch, requests } = server(1000);
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const runs = await airflow.dagRuns.list("~", { pageSize: 30, maxItems: 70 }).toArray();
  assert.equal(runs.length, 70);
  assert.deepEqual(requests.map((r) => r.url.searchParams.get("limit")), ["30", "30", "10"]);
});

Deno.test("pages() gives whole pages with total_entries; offset starts later", async () => {
  const { fetch } = server(45);
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const pages = [];
  for await (const page of airflow.dagRuns.list("~", { pageSize: 20, offset: 5 }).pages()) {
    pages.push(page);
  }
  assert.deepEqual(pages.map((page) => page.dag_runs.length), [20, 20]);
  assert.equal(pages[0].total_entries, 45);
  assert.equal(pages[0].dag_runs[0].dag_run_id, "run5");
});

Deno.test("an empty page ends iteration even when total_entries says otherwise", async () => {
  const { fetch, requests } = fakeFetch(() => json({ dag_runs: [], total_entries: 99 }));
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  assert.deepEqual(await airflow.dagRuns.list("~").toArray(), []);
  assert.equal(requests.length, 1);
});

Deno.test("nothing is sent until the list is iterated; breaking out stops fetching", async () => {
  const { fetch, requests } = server(1000);
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const list = airflow.dagRuns.list("~", { pageSize: 10 });
  assert.equal(requests.length, 0);
  for await (const run of list) if (run.dag_run_id === "run3") break;
  assert.equal(requests.length, 1);
});
