/**
 * What every deployment of the server must do, checked through the official SDK's client over
 * Streamable HTTP: the same steps against the Deno server and the Worker in workerd. Each tool
 * is called and its answer checked against the fake Airflow's state; then the refusals: writes
 * disabled, a bad or missing token, bad arguments, the wrong method, path or origin.
 */
import assert from "node:assert/strict";
import type { Progress } from "@modelcontextprotocol/sdk/types";
import { type RunningAirflow, TOKEN } from "./airflow.ts";
import { Caller, connectHttp } from "./client.ts";

/** The tools, in the order the server lists them. */
export const READ_TOOLS = [
  "get_airflow_status",
  "list_dags",
  "get_dag",
  "list_runs",
  "get_run",
  "wait_for_run",
  "list_task_instances",
  "get_task_log",
  "list_variables",
  "get_variable",
  "list_pools",
];
/** The tools that change Airflow. */
export const WRITE_TOOLS = ["pause_dag", "unpause_dag", "trigger_dag_run", "clear_failed_tasks"];

/** Where the two servers under test are: both on the same fake Airflow. */
export interface Endpoints {
  /** A server with writes enabled. */
  writable: string;
  /** A read-only server. */
  readOnly: string;
}

type Step = (caller: Caller) => Promise<void>;

/** The tool calls of a server with writes enabled, each with what its answer must say. */
function toolSteps(airflow: RunningAirflow): Record<string, Step> {
  const failed = { dag_id: "flaky_checks", run_id: airflow.failedRunId };
  return {
    "get_airflow_status says healthy, v2, writes enabled": async (caller) => {
      const { data, text } = await caller.ok("get_airflow_status");
      assert.equal(data.api, "v2");
      assert.equal(data.healthy, true);
      assert.equal(data.writes_enabled, true);
      assert.equal(data.airflow_version, "3.2.1");
      assert.match(text, /healthy/);
    },
    "list_dags filters, pages and shows the import error": async (caller) => {
      const all = await caller.ok("list_dags", { limit: 5 });
      assert.equal((all.data.dags as unknown[]).length, 5);
      assert.equal(all.data.total, 15);
      const errors = all.data.import_errors as { total: number; items: { filename: string }[] };
      assert.equal(errors.total, 1);
      assert.equal(errors.items[0].filename, "legacy_export.py");
      assert.match(all.text, /5 of 15 DAGs/);
      assert.match(all.text, /legacy_export\.py: .*cx_Oracle/);
      const ids = async (args: Record<string, unknown>) =>
        ((await caller.ok("list_dags", args)).data.dags as { dag_id: string }[])
          .map((dag) => dag.dag_id);
      assert.equal((await ids({ dag_id_contains: "sync" })).length, 8);
      assert.deepEqual(await ids({ tags: ["etl"] }), ["etl_daily", "orders_ingest"]);
      assert.deepEqual(await ids({ paused: true }), ["maintenance_cleanup"]);
    },
    "get_dag gives the DAG and its runs, or similar ids": async (caller) => {
      const { data } = await caller.ok("get_dag", { dag_id: "etl_daily" });
      assert.equal((data.dag as { dag_id: string }).dag_id, "etl_daily");
      assert.equal((data.latest_runs as unknown[]).length, 1);
      await caller.refused(
        "get_dag",
        { dag_id: "etl" },
        /^DAG etl not found; similar: etl_daily\. 1 DAG file failed to import \(legacy_export\.py\)/,
      );
    },
    "list_runs finds the run that failed in the last day, across DAGs": async (caller) => {
      const { data, text } = await caller.ok("list_runs", { state: ["failed"], since: "24h" });
      const runs = data.runs as { dag_id: string; run_id: string; state: string }[];
      assert.deepEqual(runs.map((run) => [run.dag_id, run.run_id, run.state]), [
        ["flaky_checks", airflow.failedRunId, "failed"],
      ]);
      assert.match(text, /^1 run since /);
      const old = await caller.ok("list_runs", { since: "2000-01-01", limit: 100 });
      const started = (old.data.runs as { dag_id: string }[]).map((run) => run.dag_id);
      assert.ok(started.includes("etl_daily") && started.includes("flaky_checks"), `${started}`);
      const none = await caller.ok("list_runs", { state: ["failed"], since: "30m" });
      assert.equal(none.data.total, 0);
    },
    "get_run gives the run and its task instances": async (caller) => {
      const { data, text } = await caller.ok("get_run", failed);
      assert.equal((data.run as { state: string }).state, "failed");
      assert.deepEqual(data.task_states, { success: 1, failed: 1, upstream_failed: 1 });
      assert.match(text, /check_quality: failed \(try 2\)/);
      await caller.refused(
        "get_run",
        { dag_id: "flaky_checks", run_id: "nope" },
        new RegExp(
          `^Run nope of DAG flaky_checks not found; its latest runs: ${airflow.failedRunId}`,
        ),
      );
    },
    "list_task_instances filters by state": async (caller) => {
      const { data } = await caller.ok("list_task_instances", { ...failed, state: ["failed"] });
      const tasks = data.tasks as { task_id: string; try_number: number }[];
      assert.deepEqual(tasks.map((task) => [task.task_id, task.try_number]), [[
        "check_quality",
        2,
      ]]);
    },
    "get_task_log gives the tail of the latest try, without the source header": async (caller) => {
      const { data, text } = await caller.ok("get_task_log", {
        ...failed,
        task_id: "check_quality",
      });
      assert.equal(data.try_number, 2);
      const events = (data.lines as { event: string }[]).map((line) => line.event);
      assert.ok(events.some((event) => event.includes("null_ratio")), text);
      assert.ok(!events.some((event) => /source details|^::group::/.test(event)), text);
      const tail = await caller.ok("get_task_log", {
        ...failed,
        task_id: "check_quality",
        lines: 2,
      });
      assert.deepEqual(
        (tail.data.lines as { event: string }[]).map((line) => line.event),
        events.slice(-2),
      );
      assert.equal(tail.data.lines_read, events.length);
      const first = await caller.ok("get_task_log", {
        ...failed,
        task_id: "check_quality",
        try_number: 1,
      });
      assert.equal(first.data.try_number, 1);
      await caller.refused(
        "get_task_log",
        { ...failed, task_id: "check_qualty" },
        /^Task check_qualty is not in run .* of DAG flaky_checks; similar: check_quality\.$/,
      );
      await caller.refused("get_task_log", { ...failed, task_id: "publish" }, /has not started/);
    },
    "list_variables and get_variable mask credentials": async (caller) => {
      const { data } = await caller.ok("list_variables");
      const values = Object.fromEntries(
        (data.variables as { key: string; value: string }[]).map((v) => [v.key, v.value]),
      );
      assert.equal(values.region, "eu-west-1");
      assert.equal(values.slack_api_token, "***");
      assert.equal(values.warehouse_dsn, "postgres://etl:[redacted]@db.internal/warehouse");
      const one = await caller.ok("get_variable", { key: "region" });
      assert.equal((one.data.variable as { value: string }).value, "eu-west-1");
      await caller.refused(
        "get_variable",
        { key: "regin" },
        /^Variable regin not found; similar keys: region\.$/,
      );
    },
    "list_pools gives the slots": async (caller) => {
      const { data } = await caller.ok("list_pools");
      const pools = data.pools as { name: string; slots: number; open_slots: number }[];
      assert.deepEqual(pools.map((pool) => [pool.name, pool.slots]).sort(), [
        ["default_pool", 128],
        ["warehouse", 4],
      ]);
    },
    "pause_dag and unpause_dag change the DAG once": async (caller) => {
      const paused = await caller.ok("pause_dag", { dag_id: "etl_daily" });
      assert.equal(paused.data.changed, true);
      assert.equal((paused.data.dag as { is_paused: boolean }).is_paused, true);
      assert.equal((await caller.ok("pause_dag", { dag_id: "etl_daily" })).data.changed, false);
      const dag = await caller.ok("get_dag", { dag_id: "etl_daily" });
      assert.equal((dag.data.dag as { is_paused: boolean }).is_paused, true);
      const active = await caller.ok("unpause_dag", { dag_id: "etl_daily" });
      assert.equal((active.data.dag as { is_paused: boolean }).is_paused, false);
      await caller.refused("pause_dag", { dag_id: "etl_dayly" }, /similar: etl_daily/);
    },
    "trigger_dag_run waits, reporting progress, and wait_for_run follows a run": async (caller) => {
      const progress: Progress[] = [];
      const answer = await caller.call(
        "trigger_dag_run",
        { dag_id: "etl_daily", conf: { day: "2026-11-20" }, wait_seconds: 30 },
        (step) => progress.push(step),
      );
      assert.equal(answer.isError, false, answer.text);
      const waited = answer.data.waited as {
        finished: boolean;
        run: { state: string; run_id: string };
      };
      assert.equal(waited.finished, true);
      assert.equal(waited.run.state, "success");
      assert.deepEqual((answer.data.run as { conf: unknown }).conf, { day: "2026-11-20" });
      assert.ok(progress.length >= 1, "at least one progress notification");
      for (const [index, step] of progress.entries()) {
        assert.equal(step.total, 30);
        assert.match(
          step.message ?? "",
          /^etl_daily .*: (queued|running); \d+ of 3 tasks finished/,
        );
        if (index > 0) assert.ok(step.progress > progress[index - 1].progress);
      }
      const queued = await caller.ok("trigger_dag_run", { dag_id: "reporting" });
      assert.equal(queued.data.waited, null);
      const runId = (queued.data.run as { run_id: string }).run_id;
      const followed = await caller.ok("wait_for_run", {
        dag_id: "reporting",
        run_id: runId,
        wait_seconds: 30,
      });
      assert.equal(followed.data.finished, true);
      assert.equal((followed.data.run as { state: string }).state, "success");
      const short = await caller.ok("trigger_dag_run", { dag_id: "etl_daily", wait_seconds: 0.2 });
      assert.equal((short.data.waited as { finished: boolean }).finished, false);
      assert.match(short.text, /still (queued|running) after waiting/);
    },
    "clear_failed_tasks shows a dry run, refuses a wrong code, clears with the right one": async (
      caller,
    ) => {
      const dry = await caller.ok("clear_failed_tasks", failed);
      assert.equal(dry.data.cleared, false);
      const planned = dry.data.task_instances as { task_id: string }[];
      assert.deepEqual(planned.map((task) => task.task_id).sort(), ["check_quality", "publish"]);
      const code = dry.data.confirm as string;
      assert.match(code, /^[0-9a-f]{12}$/);
      assert.match(dry.text, new RegExp(`Nothing was cleared.*confirm "${code}"`, "s"));
      const before = await caller.ok("get_run", failed);
      assert.deepEqual(before.data.task_states, { success: 1, failed: 1, upstream_failed: 1 });
      await caller.refused(
        "clear_failed_tasks",
        { ...failed, confirm: "0123456789ab" },
        /^Nothing was cleared/,
      );
      const other = await caller.ok("clear_failed_tasks", {
        ...failed,
        task_ids: ["check_quality"],
      });
      assert.notEqual(other.data.confirm, code, "the code names the set of task instances");
      const done = await caller.ok("clear_failed_tasks", { ...failed, confirm: code });
      assert.equal(done.data.cleared, true);
      assert.equal((done.data.task_instances as unknown[]).length, 2);
      const after = await caller.ok("get_run", failed);
      const states = after.data.task_states as Record<string, number>;
      assert.equal(states.failed, undefined, JSON.stringify(states));
      assert.equal(states.upstream_failed, undefined, JSON.stringify(states));
    },
  };
}

async function expectStatus(url: string, init: RequestInit, status: number): Promise<Response> {
  const response = await fetch(url, init);
  await response.body?.cancel();
  assert.equal(response.status, status, `${init.method ?? "GET"} ${url}`);
  return response;
}

/** The refusals: each must hold on every deployment. */
function refusalSteps(endpoints: Endpoints): Record<string, Step> {
  return {
    "a read-only server offers no tool that changes Airflow, and says so": async () => {
      const client = await connectHttp(endpoints.readOnly);
      try {
        const names = (await client.listTools()).tools.map((tool: { name: string }) => tool.name);
        assert.deepEqual(names, READ_TOOLS);
        const caller = new Caller(client);
        const status = await caller.ok("get_airflow_status");
        assert.equal(status.data.writes_enabled, false);
        assert.match(status.text, /read-only.*MCP_ALLOW_WRITES=true/s);
        await caller.refused(
          "trigger_dag_run",
          { dag_id: "etl_daily" },
          /Tool trigger_dag_run not found/,
        );
        await caller.refused("clear_failed_tasks", { dag_id: "x", run_id: "y" }, /not found/);
        assert.match(client.getInstructions() ?? "", /read-only/);
      } finally {
        await client.close();
      }
    },
    "a bad token, or none, is refused with 401 before anything else": async () => {
      const unauthorized = (error: { code?: number; message: string }) =>
        error.code === 401 && /Unauthorized/.test(error.message);
      await assert.rejects(connectHttp(endpoints.writable, "x".repeat(48)), unauthorized);
      await assert.rejects(connectHttp(endpoints.writable, null), unauthorized);
      const response = await expectStatus(endpoints.writable, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      }, 401);
      assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer/);
    },
    "bad arguments are refused, naming what is wrong": async (caller) => {
      await caller.refused("list_dags", { limit: 500 }, /Input validation error.*limit/s);
      await caller.refused("get_dag", {}, /Input validation error.*dag_id/s);
      await caller.refused(
        "list_runs",
        { since: "yesterday" },
        /^since: expected an ISO 8601 time/,
      );
      await caller.refused(
        "trigger_dag_run",
        { dag_id: "etl_daily", logical_date: "tomorrow" },
        /Input validation error.*logical_date/s,
      );
      await caller.refused("list_runs", { state: ["exploded"] }, /Input validation error.*state/s);
      await caller.refused("clear_failed_tasks", {
        dag_id: "flaky_checks",
        run_id: "r",
        confirm: "yes",
      }, /confirm/);
    },
    "the wrong method, path or origin is refused": async () => {
      const auth = { authorization: `Bearer ${TOKEN}` };
      const sse = { ...auth, accept: "text/event-stream" };
      await expectStatus(endpoints.writable, { method: "GET", headers: sse }, 405);
      await expectStatus(endpoints.writable, { method: "DELETE", headers: auth }, 405);
      const elsewhere = endpoints.writable.replace(/\/mcp$/, "/other");
      await expectStatus(elsewhere, { method: "POST", headers: auth }, 404);
      const evil = { ...auth, origin: "https://evil.example" };
      await expectStatus(endpoints.writable, { method: "POST", headers: evil }, 403);
    },
  };
}

/**
 * Runs every step against the two servers, each as a test step: the tools on the writable one
 * (in order: later ones change what earlier ones read), then the refusals.
 */
export async function checkServer(
  t: Deno.TestContext,
  endpoints: Endpoints,
  airflow: RunningAirflow,
): Promise<void> {
  const client = await connectHttp(endpoints.writable);
  try {
    const caller = new Caller(client);
    await t.step("tools/list gives every tool with schemas and annotations", async () => {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((tool: { name: string }) => tool.name), [
        ...READ_TOOLS,
        ...WRITE_TOOLS,
      ]);
      for (const tool of tools) {
        assert.ok((tool.description ?? "").length > 60, `${tool.name}: a description`);
        assert.equal(tool.inputSchema.type, "object");
        assert.equal(tool.outputSchema?.type, "object", `${tool.name}: an output schema`);
        const hints = tool.annotations ?? {};
        const writes = WRITE_TOOLS.includes(tool.name);
        assert.equal(hints.readOnlyHint, !writes, `${tool.name}: readOnlyHint`);
        const destructive = ["unpause_dag", "trigger_dag_run", "clear_failed_tasks"].includes(
          tool.name,
        );
        assert.equal(hints.destructiveHint, destructive, `${tool.name}: destructiveHint`);
        assert.equal(typeof hints.idempotentHint, "boolean");
        assert.equal(typeof hints.openWorldHint, "boolean");
      }
    });
    for (
      const [name, step] of Object.entries({ ...toolSteps(airflow), ...refusalSteps(endpoints) })
    ) {
      await t.step(name, () => step(caller));
    }
  } finally {
    await client.close();
  }
}
