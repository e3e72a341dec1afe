/** The fake Airflow beside DAG runs: stats, warnings, reports, favourites, import errors, details. */
import assert from "node:assert/strict";
import { BadRequestError, ConflictError, NotFoundError, PermissionDeniedError } from "../mod.ts";
import { exampleDags, type FakeDag } from "../src/testing/mod.ts";
import { enc, expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

const EXTRA: FakeDag[] = [{
  dag_id: "linked",
  tasks: [
    { task_id: "query", pool: "warehouse", extraLinks: { Dashboard: "https://bi.example/q/1" } },
  ],
}];

Deno.test("DAG stats count runs by state; many DAGs paused at once; favourites", async (t) => {
  const { airflow, clock } = setup();

  await t.step("stats: every run state, for the DAGs that have runs", async () => {
    await airflow.dagRuns.trigger("etl_daily", { dag_run_id: "s1" });
    await airflow.dagRuns.trigger("flaky_checks", { dag_run_id: "s2" });
    await clock.advance(60_000);
    await airflow.dagRuns.trigger("etl_daily", { dag_run_id: "s3" });
    const stats = await airflow.dagStats.get();
    assert.deepEqual(
      stats.dags.map((dag) => [dag.dag_id, dag.stats.map((stat) => `${stat.state}=${stat.count}`)]),
      [
        ["etl_daily", ["queued=1", "running=0", "success=1", "failed=0"]],
        ["flaky_checks", ["queued=0", "running=0", "success=0", "failed=1"]],
      ],
    );
    const one = await airflow.dagStats.get({ dag_ids: ["flaky_checks"] });
    assert.deepEqual(one.dags.map((dag) => dag.dag_id), ["flaky_checks"]);
  });

  await t.step("PATCH /dags pauses the DAGs its filters select", async () => {
    const paused = await airflow.dags.updateMany({ is_paused: true }, { dag_id_pattern: "_sync" });
    assert.equal(paused.total_entries, 8);
    assert.ok(paused.dags.every((dag) => dag.is_paused));
    assert.equal((await airflow.dags.list({ paused: true }).toArray()).length, 9);
    await assert.rejects(
      airflow.dags.updateMany({ is_paused: false }, { update_mask: ["tags"] }),
      BadRequestError,
    );
  });

  await t.step("favourites are per user and show in details and the list filter", async () => {
    await airflow.dags.favorite("reporting");
    assert.equal((await airflow.dags.getDetails("reporting")).is_favorite, true);
    const favourites = await airflow.dags.list({ is_favorite: true }).toArray();
    assert.deepEqual(favourites.map((dag) => dag.dag_id), ["reporting"]);
    await assert.rejects(airflow.dags.favorite("reporting"), ConflictError);
    await airflow.dags.unfavorite("reporting");
    assert.equal((await airflow.dags.getDetails("reporting")).is_favorite, false);
    await assert.rejects(
      airflow.dags.unfavorite("reporting"),
      (error: unknown) =>
        error instanceof ConflictError && error.detail === "DAG is not marked as favorite",
    );
    await assert.rejects(airflow.dags.favorite("nope"), NotFoundError);
  });
});

Deno.test("warnings, reports, reparsing and import errors", async (t) => {
  const { airflow, clock, raw } = setup({
    dags: [...exampleDags(), ...EXTRA],
    importErrors: [{ filename: "broken.py", stack_trace: "SyntaxError: invalid syntax" }],
    version: "3.0.2",
  });

  await t.step("a task in a pool that does not exist is a DAG warning", async () => {
    const warnings = await airflow.dagWarnings.list().toArray();
    assert.deepEqual(warnings.map((warning) => [warning.dag_id, warning.warning_type]), [
      ["linked", "non-existent pool"],
    ]);
    assert.equal(warnings[0].message, "Dag 'linked' references non-existent pools: ['warehouse']");
    await airflow.pools.create({ name: "warehouse", slots: 2 });
    assert.equal((await airflow.dagWarnings.list().toArray()).length, 0);
  });

  await t.step("the DAG processor's report of a folder (3.0)", async () => {
    const report = await airflow.dagReports.list({ subdir: "/opt/airflow/dags" }) as {
      dag_reports: { file: string; dags: string; task_num: number }[];
      total_entries: number;
    };
    assert.equal(report.total_entries, 13);
    const linked = report.dag_reports.find((item) => item.file === "/linked.py");
    assert.deepEqual(linked && [linked.dags, linked.task_num], ["['linked']", 1]);
    await assert.rejects(
      airflow.dagReports.list({ subdir: "/etc" }),
      (error: unknown) =>
        error instanceof BadRequestError &&
        error.detail === "subdir should be subpath of DAGS_FOLDER settings",
    );
  });

  await t.step("reparsing a DAG's file by its token", async () => {
    const dag = await airflow.dags.get("linked");
    await clock.advance(5_000);
    assert.equal(await airflow.dagParsing.reparseFile(dag.file_token), null);
    assert.equal((await airflow.dags.get("linked")).last_parsed_time, "2026-11-20T10:00:05Z");
    const missing = await raw(`/api/v2/parseDagFile/${enc("bm9uZQ")}`, { method: "PUT" });
    assert.equal(missing.status, 404);
  });

  await t.step("import errors are listed, read by id, and flag nothing else", async () => {
    const errors = await airflow.importErrors.list({ filename_pattern: "brok" }).toArray();
    assert.deepEqual(errors.map((error) => [error.import_error_id, error.filename]), [
      [1, "broken.py"],
    ]);
    const one = await airflow.importErrors.get(1);
    assert.equal(one.stack_trace, "SyntaxError: invalid syntax");
    await assert.rejects(airflow.importErrors.get(2), NotFoundError);
  });
});

Deno.test("task instance details: dependencies, extra links, external logs", async (t) => {
  const { airflow, clock } = setup({
    dags: [...exampleDags(), ...EXTRA],
    externalLogUrl: "logs.example/view?id={log_id}",
  });
  await airflow.dagRuns.trigger("etl_daily", { dag_run_id: "d1" });
  await airflow.dagRuns.trigger("linked", { dag_run_id: "l1" });

  await t.step("a queued run's task instance lists why it is not scheduled", async () => {
    const deps = await airflow.taskInstances.listDependencies("etl_daily", "d1", "load");
    assert.deepEqual(deps.dependencies.map((dep) => dep.name), [
      "Dagrun Running",
      "Task Instance State",
    ]);
    assert.equal(
      deps.dependencies[0].reason,
      "Task instance's dagrun was not in the 'running' state but in the state 'queued'.",
    );
    const pool = await airflow.taskInstances.listMappedDependencies("linked", "l1", "query", -1);
    assert.ok(pool.dependencies.some((dep) => dep.name === "Pool Slots Available"));
    await clock.advance(30_000);
    const none = await airflow.taskInstances.listDependencies("etl_daily", "d1", "load");
    assert.deepEqual(none.dependencies, []);
    await assert.rejects(
      airflow.taskInstances.listDependencies("etl_daily", "d1", "x"),
      NotFoundError,
    );
  });

  await t.step("extra links of the task's operator", async () => {
    const links = await airflow.taskInstances.listExtraLinks("linked", "l1", "query");
    assert.deepEqual(links, {
      extra_links: { Dashboard: "https://bi.example/q/1" },
      total_entries: 1,
    });
    await assert.rejects(
      airflow.taskInstances.listExtraLinks("linked", "l1", "nope"),
      (error: unknown) =>
        error instanceof NotFoundError && error.detail === "Task with ID = nope not found",
    );
  });

  await t.step("an external log URL where one is configured; a 400 where not", async () => {
    const url = await airflow.taskInstances.getExternalLogUrl("etl_daily", "d1", "load", 1);
    assert.equal(url.url, "https://logs.example/view?id=etl_daily-load-d1--1-1");
    const plain = setup();
    await plain.airflow.dagRuns.trigger("etl_daily", { dag_run_id: "d1" });
    await assert.rejects(
      plain.airflow.taskInstances.getExternalLogUrl("etl_daily", "d1", "load", 1),
      (error: unknown) =>
        error instanceof BadRequestError &&
        error.detail === "Task log handler does not support external logs.",
    );
  });
});

Deno.test("bulk pools, variables and connections; default connections; connection tests", async (t) => {
  const { airflow } = setup({
    pools: [{ name: "db", slots: 4 }],
    variables: [{ key: "region", value: "eu" }],
    config: { core: { test_connection: "Enabled" } },
  });

  await t.step("pools: create what is new, report what exists, update and delete", async () => {
    const result = await airflow.pools.bulk({
      actions: [
        { action: "create", entities: [{ name: "db", slots: 1 }, { name: "api", slots: 2 }] },
        {
          action: "create",
          action_on_existence: "skip",
          entities: [{ name: "db", slots: 1 }, { name: "cache", slots: 3 }],
        },
        { action: "update", entities: [{ name: "db", slots: 9 }], update_mask: ["slots"] },
        { action: "delete", entities: ["ghost"] },
        { action: "delete", entities: ["ghost", "cache"], action_on_non_existence: "skip" },
      ],
    });
    assert.deepEqual(result.create, {
      success: ["cache"],
      errors: [{
        error: "The pools with these pool names: {'db'} already exist.",
        status_code: 409,
      }],
    });
    assert.deepEqual(result.update, { success: ["db"], errors: [] });
    assert.deepEqual(result.delete, {
      success: ["cache"],
      errors: [{
        error: "The pools with these pool names: {'ghost'} were not found.",
        status_code: 404,
      }],
    });
    const pools = await airflow.pools.list().toArray();
    assert.deepEqual(pools.map((pool) => [pool.name, pool.slots]), [
      ["db", 9],
      ["default_pool", 128],
    ]);
  });

  await t.step("variables and connections, with overwrite", async () => {
    const variables = await airflow.variables.bulk({
      actions: [{
        action: "create",
        action_on_existence: "overwrite",
        entities: [{ key: "region", value: "us" }, { key: "tier", value: "gold" }],
      }],
    });
    assert.deepEqual(variables.create?.success, ["region", "tier"]);
    assert.equal((await airflow.variables.get("region")).value, "us");
    const connections = await airflow.connections.bulk({
      actions: [
        { action: "create", entities: [{ connection_id: "api", conn_type: "http", host: "a" }] },
        { action: "update", entities: [{ connection_id: "nope", conn_type: "http" }] },
      ],
    });
    assert.deepEqual(connections.create?.success, ["api"]);
    assert.equal(
      connections.update?.errors?.[0]?.error,
      "The connections with these connection_ids: {'nope'} were not found.",
    );
    assert.equal(connections.delete, null);
  });

  await t.step(
    "default connections are added beside existing ones; tests pass when enabled",
    async () => {
      await airflow.connections.createDefaults();
      const ids = (await airflow.connections.list().toArray()).map((item) => item.connection_id);
      assert.ok(
        ids.includes("api") && ids.includes("postgres_default") && ids.includes("http_default"),
      );
      const tested = await airflow.connections.test({ connection_id: "t", conn_type: "http" });
      assert.deepEqual(tested, { message: "Connection successfully tested", status: true });
      const off = setup();
      await assert.rejects(
        off.airflow.connections.test({ connection_id: "t", conn_type: "http" }),
        (error: unknown) =>
          error instanceof PermissionDeniedError &&
          error.detail!.startsWith("Testing connections is disabled in Airflow configuration."),
      );
    },
  );
});

Deno.test(
  "every JSON answer above matched its version's response schema",
  expectAnswersMatchedSchemas,
);
