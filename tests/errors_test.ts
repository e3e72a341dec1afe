import assert from "node:assert/strict";
import {
  Airflow,
  AirflowError,
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  isAirflowError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../mod.ts";
import { fakeFetch, json } from "./helpers/fake_fetch.ts";
import { bundle } from "../scripts/esbuild.ts";

const BASE = "http://airflow.test";

Deno.test("each status family maps to its class, with method, URL, status and detail", async () => {
  const cases: [number, typeof APIError][] = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ];
  for (const [status, Class] of cases) {
    const { fetch } = fakeFetch(() => json({ detail: `reason ${status}` }, status));
    const airflow = new Airflow({ baseUrl: BASE, fetch, maxRetries: 0 });
    const error = await airflow.dags.get("etl").catch((e) => e);
    assert.ok(error instanceof Class, `${status} → ${error?.constructor?.name}`);
    assert.equal(error.status, status);
    assert.equal(error.detail, `reason ${status}`);
    assert.equal(
      error.message,
      `GET http://airflow.test/api/v2/dags/etl failed with ${status}: reason ${status}`,
    );
  }
});

Deno.test("422 detail lists become field paths", async () => {
  const { fetch } = fakeFetch(() =>
    json({
      detail: [
        { loc: ["body", "conf"], msg: "Input should be a valid dictionary", type: "dict_type" },
        { loc: ["query", "limit"], msg: "must be >= 0", type: "greater_than_equal" },
      ],
    }, 422)
  );
  const airflow = new Airflow({ baseUrl: BASE, fetch });
  const error = await airflow.dagRuns.trigger("etl", { conf: {} }).catch((e) => e);
  assert.ok(error instanceof UnprocessableEntityError);
  assert.deepEqual(error.fieldIssues, [
    { path: "body.conf", message: "Input should be a valid dictionary", type: "dict_type" },
    { path: "query.limit", message: "must be >= 0", type: "greater_than_equal" },
  ]);
  assert.match(error.message, /body\.conf: Input should be a valid dictionary/);
});

Deno.test("problem+json, HTML and empty error bodies still give a readable error", async () => {
  const bodies: [Response, RegExp][] = [
    [
      json({ type: "about:blank", title: "DAG not found", status: 404, detail: "no etl" }, 404),
      /failed with 404: DAG not found: no etl$/,
    ],
    [
      new Response("<html><body>Bad gateway</body></html>", { status: 502 }),
      /failed with 502: <html><body>Bad gateway/,
    ],
    [new Response("", { status: 500 }), /failed with 500$/],
  ];
  for (const [response, message] of bodies) {
    const { fetch } = fakeFetch(() => response.clone());
    const airflow = new Airflow({ baseUrl: BASE, fetch, maxRetries: 0 });
    const error = await airflow.dags.get("etl").catch((e) => e);
    assert.ok(error instanceof APIError);
    assert.match(error.message, message);
  }
});

Deno.test("a network failure is an APIConnectionError naming method and URL", async () => {
  const { fetch } = fakeFetch(() => {
    throw new TypeError("connection refused");
  });
  const airflow = new Airflow({ baseUrl: BASE, fetch, maxRetries: 0 });
  const error = await airflow.dags.get("etl").catch((e) => e);
  assert.ok(error instanceof APIConnectionError);
  assert.match(error.message, /GET http:\/\/airflow\.test\/api\/v2\/dags\/etl failed to connect/);
  assert.ok(error.cause instanceof TypeError);
});

Deno.test("error names are literals that minified bundles keep", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const errors = new URL("../src/core/errors.ts", import.meta.url).pathname;
    await Deno.writeTextFile(
      `${dir}/main.ts`,
      `import * as errors from ${JSON.stringify(errors)};\n` +
        "export const names = Object.entries(errors).filter(([, value]) => " +
        "typeof value === 'function' && 'prototype' in value && value.prototype instanceof Error)" +
        ".map(([key, value]) => [key, new value({ status: 500, method: 'GET', url: 'u' }, [], [], null).name]);\n",
    );
    const code = new TextDecoder().decode(await bundle(dir, "main.ts", "neutral"));
    assert.doesNotMatch(code, /class NotFoundError/, "the bundle is minified");
    const minified = await import(`data:text/javascript,${encodeURIComponent(code)}`);
    assert.ok(minified.names.length >= 15);
    for (const [exported, name] of minified.names) assert.equal(name, exported);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("instanceof and isAirflowError recognise errors from another copy of the package", async () => {
  const other = await import(`../src/core/errors.ts?copy=${crypto.randomUUID()}`);
  assert.notEqual(other.NotFoundError, NotFoundError, "a second copy of the module");
  const foreign = new other.NotFoundError({ status: 404, method: "GET", url: "u" });
  assert.ok(foreign instanceof NotFoundError);
  assert.ok(foreign instanceof APIError);
  assert.ok(foreign instanceof AirflowError);
  assert.ok(!(foreign instanceof ConflictError));
  assert.ok(!(foreign instanceof APIConnectionError));
  assert.ok(isAirflowError(foreign));
  assert.ok(!isAirflowError(new Error("x")));
  assert.ok(!isAirflowError({ name: "NotFoundError" }));
  const local = new NotFoundError({ status: 404, method: "GET", url: "u" });
  assert.ok(local instanceof other.APIError);
  class Special extends NotFoundError {}
  assert.ok(!(local instanceof Special), "a subclass without its own name is not confused");
});
