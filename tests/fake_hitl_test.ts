/** The fake Airflow's human-in-the-loop tasks: they wait, deferred, until someone answers. */
import assert from "node:assert/strict";
import { Airflow, ConflictError, NotFoundError, PermissionDeniedError } from "../mod.ts";
import type { FakeDag } from "../src/testing/mod.ts";
import { expectAnswersMatchedSchemas, setup } from "./helpers/fake_setup.ts";

const DAGS: FakeDag[] = [{
  dag_id: "release",
  tasks: [
    { task_id: "build", durationSeconds: 2 },
    {
      task_id: "approve",
      hitl: {
        subject: "Ship the release?",
        body: "Build is green.",
        options: ["Approve", "Reject"],
        params: { reason: "" },
        assignedUsers: ["admin", "ann"],
      },
    },
    { task_id: "ship", durationSeconds: 3 },
  ],
}];

Deno.test("a human-in-the-loop task waits until answered, then the run goes on", async (t) => {
  const { airflow, clock, fake } = setup({
    dags: DAGS,
    users: [
      { username: "admin", password: "admin", role: "admin" },
      { username: "ann", password: "ann-pw", role: "user" },
      { username: "bob", password: "bob-pw", role: "user" },
    ],
  });
  await airflow.dagRuns.trigger("release", { dag_run_id: "r1" });

  await t.step("the task is deferred with a detail that no one has answered", async () => {
    await clock.advance(1000 + 2000 + 60_000);
    const approve = await airflow.taskInstances.get("release", "r1", "approve");
    assert.equal(approve.state, "deferred");
    assert.equal(
      approve.trigger?.classpath,
      "airflow.providers.standard.triggers.hitl.HITLTrigger",
    );
    assert.equal((await airflow.dagRuns.get("release", "r1")).state, "running");
    const detail = await airflow.hitlDetails.get("release", "r1", "approve", -1);
    assert.equal(detail.subject, "Ship the release?");
    assert.deepEqual(detail.options, ["Approve", "Reject"]);
    assert.equal(detail.response_received, false);
    assert.equal(detail.chosen_options, null);
    assert.equal(detail.created_at, "2026-11-20T10:00:03Z");
    assert.deepEqual(detail.assigned_users?.map((user) => user.name), ["admin", "ann"]);
    const list = await airflow.hitlDetails.list("release", "r1", { response_received: false })
      .toArray();
    assert.deepEqual(list.map((item) => item.task_instance.task_id), ["approve"]);
  });

  await t.step("only an assigned user may answer", async () => {
    const bob = new Airflow({
      ...fake.clientOptions(),
      auth: { username: "bob", password: "bob-pw" },
    });
    await assert.rejects(
      bob.hitlDetails.update("release", "r1", "approve", -1, { chosen_options: ["Approve"] }),
      (error: unknown) =>
        error instanceof PermissionDeniedError &&
        error.detail === "User=bob (id=bob) is not a respondent for the task.",
    );
  });

  await t.step(
    "answered, the task succeeds with the answer as its XCom; the run goes on",
    async () => {
      const ann = new Airflow({
        ...fake.clientOptions(),
        auth: { username: "ann", password: "ann-pw" },
      });
      const answer = await ann.hitlDetails.update("release", "r1", "approve", -1, {
        chosen_options: ["Approve"],
        params_input: { reason: "tested" },
      });
      assert.deepEqual(answer.responded_by, { id: "ann", name: "ann" });
      assert.equal(answer.responded_at, "2026-11-20T10:01:03Z");
      assert.equal((await airflow.taskInstances.get("release", "r1", "approve")).state, "success");
      const xcom = await airflow.xcoms.get("release", "r1", "approve", "return_value", {
        deserialize: true,
      });
      assert.deepEqual(xcom.value, {
        chosen_options: ["Approve"],
        params_input: { reason: "tested" },
      });
      await clock.advance(5_000);
      assert.equal((await airflow.dagRuns.get("release", "r1")).state, "success");
      const detail = await airflow.hitlDetails.get("release", "r1", "approve", -1);
      assert.equal(detail.response_received, true);
      assert.equal(detail.responded_by_user?.name, "ann");
      const tried = await airflow.hitlDetails.getTry("release", "r1", "approve", -1, 1);
      assert.deepEqual(tried.chosen_options, ["Approve"]);
      assert.equal(tried.task_instance.try_number, 1);
    },
  );

  await t.step("a second answer is a 409; a task without a prompt has no detail", async () => {
    await assert.rejects(
      airflow.hitlDetails.update("release", "r1", "approve", -1, { chosen_options: ["Reject"] }),
      (error: unknown) =>
        error instanceof ConflictError && error.detail!.includes("is not allowed to write again"),
    );
    await assert.rejects(
      airflow.hitlDetails.get("release", "r1", "build", -1),
      (error: unknown) =>
        error instanceof NotFoundError &&
        error.detail!.startsWith("Human-in-the-loop detail does not exist for Task Instance"),
    );
    await assert.rejects(
      airflow.hitlDetails.getTry("release", "r1", "approve", -1, 5),
      NotFoundError,
    );
  });

  await t.step("a run queued again waits for a new answer", async () => {
    await airflow.dagRuns.update("release", "r1", { state: "queued" }, { update_mask: ["state"] });
    await clock.advance(10_000);
    const detail = await airflow.hitlDetails.get("release", "r1", "approve", -1);
    assert.equal(detail.response_received, false);
    assert.equal((await airflow.dagRuns.get("release", "r1")).state, "running");
  });
});

Deno.test("Airflow 3.0 has no human-in-the-loop endpoints; 3.1 no tries of them", async () => {
  const old = setup({ dags: DAGS, version: "3.0.2" });
  await old.airflow.dagRuns.trigger("release", { dag_run_id: "r1" });
  await assert.rejects(old.airflow.hitlDetails.get("release", "r1", "approve", -1), NotFoundError);
  const mid = setup({ dags: DAGS, version: "3.1.8" });
  await mid.airflow.dagRuns.trigger("release", { dag_run_id: "r1" });
  await mid.clock.advance(4_000);
  assert.equal(
    (await mid.airflow.hitlDetails.get("release", "r1", "approve", -1)).subject,
    "Ship the release?",
  );
  const tries = await mid.raw(
    "/api/v2/dags/release/dagRuns/r1/taskInstances/approve/-1/hitlDetails/tries/1",
  );
  assert.equal(tries.status, 404);
});

Deno.test(
  "every JSON answer above matched its version's response schema",
  expectAnswersMatchedSchemas,
);
