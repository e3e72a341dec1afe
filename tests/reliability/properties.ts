/**
 * Property-based tests: ids of every kind round-trip, paging yields each item once, and the
 * streamed parsers do not care where the bytes were split. Each property runs with a fixed
 * seed, so a failure names a counterexample that reproduces.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { Airflow } from "../../mod.ts";
import { FakeAirflow, ManualClock } from "../../src/testing/mod.ts";
import type { ReliabilityReport } from "./report.ts";
import { counted, figures, idSets } from "./arbitraries.ts";
import {
  registerLinesProperty,
  registerLogProperty,
  registerWaitProperty,
} from "./stream_properties.ts";

type Ids = { dag: string; run: string; task: string; key: string };

const ID_FEATURES: [string, RegExp][] = [
  ["astral characters", /[\u{10000}-\u{10FFFF}]/u],
  ["`/`", /\//],
  ["`%`", /%/],
  ["`+`", /\+/],
  ["`?`", /\?/],
  ["`#`", /#/],
  ["spaces", / /],
];

/** How many id sets had each feature somewhere, as figures. */
function idCoverage(seen: Ids[]): string {
  return ID_FEATURES.map(([name, pattern]) => {
    const count = seen.filter((ids) => Object.values(ids).some((id) => pattern.test(id))).length;
    return `${name} in ${count}`;
  }).join(", ");
}

/** Seeds a fake with the ids, runs the DAG through the client and reads every id back. */
async function roundTrip(ids: Ids, overHttp: boolean): Promise<number> {
  const clock = new ManualClock();
  const returned = { ids: [ids.dag, ids.run, ids.task, ids.key] };
  const fake = new FakeAirflow({
    clock,
    dags: [{
      dag_id: ids.dag,
      tasks: [{ task_id: ids.task, durationSeconds: 1, logs: [ids.task], returns: returned }],
    }],
  });
  const server = overHttp ? await fake.listen({ port: 0 }) : undefined;
  const client = counted(server ? (request) => fetch(request) : fake.fetch);
  try {
    const airflow = new Airflow({
      ...fake.clientOptions(),
      baseUrl: server?.url ?? fake.baseUrl,
      fetch: client.fetch,
    });
    const triggered = await airflow.dagRuns.trigger(ids.dag, {
      dag_run_id: ids.run,
      logical_date: null,
    });
    assert.equal(triggered.dag_run_id, ids.run);
    await clock.advance(5_000);

    assert.equal((await airflow.dags.get(ids.dag)).dag_id, ids.dag);
    const run = await airflow.dagRuns.get(ids.dag, ids.run);
    assert.deepEqual([run.dag_id, run.dag_run_id, run.state], [ids.dag, ids.run, "success"]);
    const instance = await airflow.taskInstances.get(ids.dag, ids.run, ids.task);
    assert.deepEqual(
      [instance.dag_id, instance.dag_run_id, instance.task_id, instance.state],
      [ids.dag, ids.run, ids.task, "success"],
    );

    // Airflow 3 keeps and answers XCom values as the JSON text they were stored as.
    await airflow.xcoms.create(ids.dag, ids.run, ids.task, { key: ids.key, value: ids.key });
    const pushed = await airflow.xcoms.get(ids.dag, ids.run, ids.task, ids.key);
    assert.deepEqual(
      [pushed.dag_id, pushed.run_id, pushed.task_id, pushed.key, JSON.parse(String(pushed.value))],
      [ids.dag, ids.run, ids.task, ids.key, ids.key],
    );
    const value = await airflow.xcoms.get(ids.dag, ids.run, ids.task, "return_value");
    assert.deepEqual(JSON.parse(String(value.value)), returned);

    const waited = await airflow.dagRuns.wait(ids.dag, ids.run, { results: [ids.task] });
    assert.equal(waited.run.dag_run_id, ids.run);
    assert.deepEqual(waited.results, { [ids.task]: returned });

    const log = airflow.taskInstances.logs(ids.dag, ids.run, ids.task, 1);
    assert.equal((await log.next()).value?.event, "Starting attempt 1 of 1");
    assert.equal((await log.next()).value?.event, ids.task);
    await log.return();
  } finally {
    await server?.close();
  }
  return client.requests;
}

function registerIdProperty(
  report: ReliabilityReport,
  name: string,
  transport: { overHttp: boolean; seed: number; numRuns: number },
): void {
  report.test("properties", name, async () => {
    const seen: Ids[] = [];
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(idSets, async (ids) => {
        seen.push(ids);
        requests += await roundTrip(ids, transport.overHttp);
      }),
      { seed: transport.seed, numRuns: transport.numRuns },
    );
    return {
      subject: `random DAG, run, task and XCom ids (1-4 byte UTF-8 and astral characters, ` +
        `\`+ / % ~ ? # &\`, spaces, tabs, newlines, NUL) through trigger, get, XCom create and ` +
        `get, wait and logs, ${transport.overHttp ? "over loopback HTTP" : "in process"}`,
      behaviour: "every id read back equals the id sent; the run, its task instance, its " +
        "XComs, its /wait results and its log are all found under them",
      figures: `${figures(seen.length, transport.seed, requests)}; ids with ${idCoverage(seen)}`,
    };
  });
}

function variables(total: number): { key: string; value: string }[] {
  return Array.from({ length: total }, (_, index) => ({
    key: `var-${String(index).padStart(4, "0")}`,
    value: String(index),
  }));
}

const pagingCases = fc.record({
  total: fc.integer({ min: 0, max: 700 }),
  maximumPageLimit: fc.integer({ min: 1, max: 150 }),
  pageSize: fc.integer({ min: 1, max: 200 }),
  maxItems: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined }),
  offset: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined }),
});

type PagingCase = typeof pagingCases extends fc.Arbitrary<infer T> ? T : never;

/** Requests a pager that trusts `total_entries` needs: one per full page, one to see nothing. */
function fewestRequests(wanted: number, page: number, maxItems: number): number {
  if (wanted === 0) return maxItems === 0 ? 0 : 1;
  return Math.ceil(wanted / page);
}

/** What one paging case was like, to count the edge cases the run reached. */
interface PagingShape {
  requests: number;
  empty: boolean;
  endsOnFullPage: boolean;
  cappedByMaxItems: boolean;
}

async function checkPaging(paging: PagingCase): Promise<PagingShape> {
  const seeded = variables(paging.total);
  const fake = new FakeAirflow({
    variables: seeded,
    maximumPageLimit: paging.maximumPageLimit,
  });
  const client = counted(fake.fetch);
  let listRequests = 0;
  const airflow = new Airflow({
    ...fake.clientOptions(),
    fetch: (request) => {
      if (new URL(request.url).pathname === "/api/v2/variables") listRequests++;
      return client.fetch(request);
    },
  });
  const { pageSize, maxItems, offset } = paging;
  const start = offset ?? 0;
  const expected = seeded.map((variable) => variable.key)
    .slice(start, start + (maxItems ?? Infinity));
  const pageLength = Math.min(pageSize, paging.maximumPageLimit);
  const fewest = fewestRequests(expected.length, pageLength, maxItems ?? Infinity);

  const keys: string[] = [];
  for await (const variable of airflow.variables.list({ pageSize, maxItems, offset })) {
    keys.push(variable.key);
  }
  assert.deepEqual(keys, expected);
  assert.equal(listRequests, fewest, "requests of for await");

  listRequests = 0;
  const pages = [];
  for await (const page of airflow.variables.list({ pageSize, maxItems, offset }).pages()) {
    pages.push(page);
  }
  assert.deepEqual(pages.flatMap((page) => page.variables.map((item) => item.key)), expected);
  assert.ok(pages.every((page) => page.total_entries === paging.total), "total_entries");
  assert.ok(
    pages.slice(0, -1).every((page) => page.variables.length === pageLength),
    "every page but the last is full",
  );
  assert.equal(listRequests, fewest, "requests of pages()");
  return {
    requests: client.requests,
    empty: expected.length === 0,
    endsOnFullPage: expected.length > 0 && expected.length % pageLength === 0,
    cappedByMaxItems: start + expected.length < paging.total,
  };
}

function registerPagingProperty(report: ReliabilityReport): void {
  const seed = 20_261_120;
  const numRuns = 300;
  report.test("properties", "paging yields every item exactly once", async () => {
    const shapes: PagingShape[] = [];
    await fc.assert(
      fc.asyncProperty(pagingCases, async (paging) => {
        shapes.push(await checkPaging(paging));
      }),
      { seed, numRuns },
    );
    const count = (test: (shape: PagingShape) => boolean) => shapes.filter(test).length;
    const requests = shapes.reduce((sum, shape) => sum + shape.requests, 0);
    return {
      subject: "`for await` and `.pages()` over a stable list of 0-700 variables, with the " +
        "server's page limit 1-150, `pageSize` 1-200, and `maxItems` and `offset` 0-800 or unset",
      behaviour: "each expected item comes exactly once and in order, pages are full but the " +
        "last, and the requests are the fewest possible: none after `total_entries` is reached",
      figures: `${figures(shapes.length, seed, requests)}: ` +
        `${count((shape) => shape.empty)} with nothing to list, ` +
        `${count((shape) => shape.endsOnFullPage)} ending on a full page, ` +
        `${count((shape) => shape.cappedByMaxItems)} stopped by \`maxItems\``,
    };
  });
}

/** How a body is cut: into single bytes, or at positions picked from these numbers. */
/** Registers the property-based tests on `report`. */
export function register(report: ReliabilityReport): void {
  registerIdProperty(report, "ids round-trip through the fake in process", {
    overHttp: false,
    seed: 7,
    numRuns: 300,
  });
  registerIdProperty(report, "ids round-trip through the fake over HTTP", {
    overHttp: true,
    seed: 8,
    numRuns: 60,
  });
  registerPagingProperty(report);
  registerLinesProperty(report);
  registerLogProperty(report);
  registerWaitProperty(report);
}
