import assert from "node:assert/strict";
import { Airflow, ResponseValidationError } from "../mod.ts";
import { dag, fakeFetch, json } from "./helpers/fake_fetch.ts";

const BASE = "http://airflow.test";

Deno.test("checks need no code built at run time: they pass where V8 refuses eval", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--v8-flags=--disallow-code-generation-from-strings",
      new URL("./helpers/no_eval_run.ts", import.meta.url).pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  const result = JSON.parse(new TextDecoder().decode(output.stdout));
  assert.equal(result.evalRefused, true, "the process forbids code generation");
  assert.equal(result.valid, "etl");
  assert.equal(result.refused, true);
  assert.deepEqual(result.issues, [{
    path: "is_paused",
    message: "must be boolean",
    type: "type",
  }]);
});

Deno.test("a response that breaks the schema throws, listing each failing path", async () => {
  const broken = { ...dag("etl"), is_paused: "no", tags: [{ name: 5 }] };
  delete (broken as Record<string, unknown>).dag_id;
  const { fetch } = fakeFetch(() => json(broken));
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const error = await airflow.dags.get("etl").catch((e) => e);
  assert.ok(error instanceof ResponseValidationError);
  const paths = error.issues.map((issue: { path: string }) => issue.path);
  assert.ok(paths.includes("is_paused"), paths.join());
  assert.ok(paths.some((path: string) => path.startsWith("tags.0")), paths.join());
  assert.ok(error.issues.some((issue: { message: string }) => /dag_id/.test(issue.message)));
  assert.match(
    error.message,
    /GET http:\/\/airflow\.test\/api\/v2\/dags\/etl: response does not match/,
  );
});

Deno.test("unknown fields are accepted and kept", async () => {
  const { fetch } = fakeFetch(() => json({ ...dag("etl"), field_from_airflow_3_9: { x: 1 } }));
  const result = await new Airflow({ baseUrl: BASE, fetch }).dags.get("etl");
  assert.deepEqual((result as unknown as Record<string, unknown>).field_from_airflow_3_9, { x: 1 });
});

Deno.test("validation can be turned off, or mismatches routed to a callback", async () => {
  const broken = { ...dag("etl"), is_paused: "no" };
  const { fetch } = fakeFetch(() => json(broken));
  const off = await new Airflow({ baseUrl: BASE, fetch, validateResponses: false }).dags.get("etl");
  assert.equal(off.is_paused, "no");

  const seen: ResponseValidationError[] = [];
  const routed = await new Airflow({
    baseUrl: BASE,
    fetch,
    validateResponses: (error) => seen.push(error),
  }).dags.get("etl");
  assert.equal(routed.is_paused, "no");
  assert.equal(seen.length, 1);
  assert.equal(seen[0].issues[0].path, "is_paused");
});

Deno.test("a 2xx body that is not JSON is a ResponseValidationError; 204 gives undefined", async () => {
  const { fetch } = fakeFetch(() => new Response("<html>", { status: 200 }));
  const error = await new Airflow({ baseUrl: BASE, fetch }).dags.get("etl").catch((e) => e);
  assert.ok(error instanceof ResponseValidationError);
  assert.match(error.message, /not JSON/);

  const empty = fakeFetch(() => new Response(null, { status: 204 }));
  assert.equal(
    await new Airflow({ baseUrl: BASE, fetch: empty.fetch }).dags.delete("etl"),
    undefined,
  );
});

Deno.test("request checks can be turned off to send what the schemas would refuse", async () => {
  const { fetch, requests } = fakeFetch(() => json({ name: "p", slots: 1 }, 201));
  const airflow = new Airflow({ baseUrl: BASE, fetch, validateRequests: false });
  // deno-lint-ignore no-explicit-any
  await airflow.pools.create({ name: "p", slots: "many" as any }).catch(() => {});
  assert.deepEqual(requests[0].body, { name: "p", slots: "many" });
});
