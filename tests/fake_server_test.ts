/** The fake Airflow about itself: config, plugins, providers, jobs, login and logout, audit log. */
import assert from "node:assert/strict";
import {
  Airflow,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  ResponseValidationError,
} from "../mod.ts";
import { expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

Deno.test("config: 403 unless exposed; sensitive values hidden; JSON or text", async (t) => {
  await t.step("Airflow's default hides the configuration", async () => {
    // A password the error message does not contain, so the client shows it unredacted.
    const { airflow } = setup({ users: [{ username: "admin", password: "pw-1", role: "admin" }] });
    await assert.rejects(
      airflow.config.get(),
      (error: unknown) =>
        error instanceof PermissionDeniedError &&
        error.detail ===
          "Your Airflow administrator chose not to expose the configuration, most likely for security reasons.",
    );
    await assert.rejects(airflow.config.getValue("core", "executor"), PermissionDeniedError);
  });

  await t.step("exposed: sections, options, and < hidden > for secrets", async () => {
    const { airflow, raw } = setup({
      config: { api: { expose_config: "True" }, smtp: { smtp_host: "mail", smtp_password: "pw" } },
    });
    const config = await airflow.config.get();
    const names = config.sections.map((section) => section.name);
    assert.ok(names.includes("core") && names.includes("smtp"));
    const core = await airflow.config.get({ section: "core" });
    assert.deepEqual(core.sections.map((section) => section.name), ["core"]);
    const fernet = core.sections[0].options.find((option) => option.key === "fernet_key");
    assert.equal(fernet?.value, "< hidden >");
    const smtp = await airflow.config.getValue("smtp", "smtp_password");
    assert.deepEqual(smtp.sections[0].options, [{ key: "smtp_password", value: "< hidden >" }]);
    assert.equal(
      (await airflow.config.getValue("smtp", "smtp_host")).sections[0].options[0].value,
      "mail",
    );
    await assert.rejects(
      airflow.config.get({ section: "nope" }),
      (error: unknown) =>
        error instanceof NotFoundError && error.detail === "Section nope not found.",
    );
    await assert.rejects(
      airflow.config.getValue("core", "nope"),
      (error: unknown) =>
        error instanceof NotFoundError && error.detail === "Option [core/nope] not found.",
    );
    const text = await raw("/api/v2/config/section/smtp/option/smtp_host", {
      headers: { accept: "text/plain" },
    });
    assert.equal(await text.text(), "[smtp]\nsmtp_host = mail\n");
  });
});

Deno.test("plugins, providers and jobs", async () => {
  const { airflow } = setup({
    plugins: [{ name: "lineage", macros: ["lineage.upstream"] }],
    pluginImportErrors: [{ source: "broken.py", error: "ImportError: no module named x" }],
  });
  const plugins = await airflow.plugins.list().toArray();
  assert.deepEqual(plugins.map((plugin) => [plugin.name, plugin.macros, plugin.source]), [
    ["lineage", ["lineage.upstream"], "$PLUGINS_FOLDER/lineage.py"],
  ]);
  const errors = await airflow.plugins.listImportErrors();
  assert.deepEqual(errors.import_errors, [
    { error: "ImportError: no module named x", source: "broken.py" },
  ]);
  const providers = await airflow.providers.list().toArray();
  assert.ok(
    providers.some((provider) => provider.package_name === "apache-airflow-providers-standard"),
  );
  const jobs = await airflow.jobs.list({ job_type: "SchedulerJob" }).toArray();
  assert.deepEqual(jobs.map((job) => [job.job_type, job.state]), [["SchedulerJob", "running"]]);
  assert.equal((await airflow.jobs.list({ is_alive: true }).toArray()).length, 3);
});

Deno.test("login redirects to the login page; logout revokes the token", async (t) => {
  const { airflow, raw, token, fake } = setup();

  await t.step("login answers 307 to the login page; an unsafe next is a 400", async () => {
    const redirect = await raw("/api/v2/auth/login?next=/home", {
      token: null,
      redirect: "manual",
    });
    assert.equal(redirect.status, 307);
    assert.equal(redirect.headers.get("location"), "/auth/login?next=%2Fhome");
    await assert.rejects(
      airflow.auth.login({ next: "https://evil.example/" }),
      (error: unknown) =>
        error instanceof BadRequestError && error.detail === "Invalid or unsafe next URL",
    );
  });

  await t.step("followed by the client, the redirect reaches a page that is not JSON", async () => {
    await assert.rejects(
      airflow.auth.login(),
      (error: unknown) =>
        error instanceof ResponseValidationError &&
        error.issues[0].message.startsWith("the body is not JSON"),
    );
  });

  await t.step("after logout the token is refused; the client mints a new one", async () => {
    const jwt = await token();
    assert.equal((await raw("/api/v2/dags", { token: jwt })).status, 200);
    const out = await raw("/api/v2/auth/logout", { token: jwt, redirect: "manual" });
    assert.equal(out.status, 307);
    const refused = await raw("/api/v2/dags", { token: jwt });
    assert.equal(refused.status, 401);
    const client = new Airflow(fake.clientOptions());
    await client.dags.get("etl_daily");
    await assert.rejects(client.auth.logout(), ResponseValidationError);
    assert.equal((await client.dags.get("etl_daily")).dag_id, "etl_daily");
    await assert.rejects(
      new Airflow({ ...fake.clientOptions(), auth: { token: jwt } }).dags.get("etl_daily"),
      AuthenticationError,
    );
  });
});

Deno.test("the audit log: actions leave entries, reads and dry runs do not", async () => {
  const { airflow, clock } = setup({ variables: [{ key: "api_key", value: "secret" }] });
  await airflow.dagRuns.trigger("etl_daily", { dag_run_id: "a1", conf: { day: 1 } });
  await airflow.dags.get("etl_daily");
  await airflow.taskInstances.clear("etl_daily", { dag_run_id: "a1" });
  await clock.advance(1_000);
  await airflow.variables.update("api_key", { key: "api_key", value: "new" });
  await airflow.variables.bulk({
    actions: [{ action: "create", entities: [{ key: "token", value: "bulk-secret" }] }],
  });
  await assert.rejects(airflow.dagRuns.trigger("nope", { dag_run_id: "x" }), NotFoundError);
  const entries = await airflow.eventLogs.list().toArray();
  assert.deepEqual(entries.map((entry) => [entry.event, entry.dag_id, entry.run_id, entry.owner]), [
    ["trigger_dag_run", "etl_daily", "a1", "admin"],
    ["patch_variable", null, null, "admin"],
    ["bulk_variables", null, null, "admin"],
    ["trigger_dag_run", "nope", "x", "admin"],
  ]);
  assert.ok(!entries[2].extra!.includes("bulk-secret"), "values in a bulk body are masked");
  assert.equal(entries[0].when, "2026-11-20T10:00:00Z");
  assert.ok(entries[0].extra!.includes("'method'") || entries[0].extra!.includes('"method"'));
  assert.ok(!entries[1].extra!.includes("new"), "a variable's value is masked");
  const one = await airflow.eventLogs.get(entries[1].event_log_id);
  assert.equal(one.event, "patch_variable");
  const filtered = await airflow.eventLogs.list({ event: "trigger_dag_run", dag_id: "nope" })
    .toArray();
  assert.equal(filtered.length, 1);
  const excluded = await airflow.eventLogs.list({ excluded_events: ["trigger_dag_run"] }).toArray();
  assert.deepEqual(excluded.map((entry) => entry.event), ["patch_variable", "bulk_variables"]);
  await assert.rejects(airflow.eventLogs.get(99), NotFoundError);
});

Deno.test(
  "every JSON answer above matched its version's response schema",
  expectAnswersMatchedSchemas,
);
