/**
 * Errors as the model reads them: each kind says what went wrong and what to do, without
 * Airflow's URL; times and names given to tools are read or refused with the reason.
 */
import assert from "node:assert/strict";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  RequestValidationError,
  ResponseValidationError,
} from "@airflowkit/client";
import { describeFailure } from "../src/tools/failure.ts";
import { similarNames } from "../src/tools/similar.ts";
import { parseSince } from "../src/tools/time.ts";
import { ToolError } from "../src/tools/tool.ts";

const URL_ = "https://airflow.internal.example/api/v2/dags/etl";

function answered(status: number, detail?: string) {
  return APIError.from({ status, method: "GET", url: URL_, detail });
}

Deno.test("each kind of failure reads as what happened and what to do, never with the URL", () => {
  const cases: [unknown, RegExp][] = [
    [answered(401), /refused the MCP server's credentials \(401\).*AIRFLOW_TOKEN/],
    [
      answered(403, "needs can_edit on DAGs"),
      /may not do this \(403\): needs can_edit on DAGs\. An Airflow admin/,
    ],
    [answered(409, "run exists"), /^Airflow refused: conflict \(409\): run exists\.$/],
    [answered(429), /limiting .* \(429\); try again in a minute/],
    [answered(404, "no DAG"), /^Not found in Airflow \(404\): no DAG\.$/],
    [
      answered(422, "bad conf"),
      /^Airflow rejected the request \(422\): bad conf\. Check the arguments\.$/,
    ],
    [answered(503, "down"), /^Airflow failed \(503\): down\. Try again later/],
    [
      new RequestValidationError("GET /x", [{ path: "query.limit", message: "too big" }]),
      /^Bad argument: query\.limit: too big\.$/,
    ],
    [
      new ResponseValidationError("GET", URL_, [{ path: "dags", message: "missing" }], {}),
      /cannot read \(dags: missing\)/,
    ],
    [new APITimeoutError("GET /x timed out"), /did not answer in time/],
    [
      new APIConnectionError("connection refused at https://airflow.internal.example"),
      /could not reach Airflow.*AIRFLOW_URL/,
    ],
    [new APIUserAbortError("aborted"), /^Cancelled\.$/],
    [new ToolError("as written"), /^as written$/],
  ];
  for (const [error, pattern] of cases) {
    const message = describeFailure(error);
    assert.match(message ?? "", pattern, String(error));
    assert.ok(!message?.includes("airflow.internal.example"), message);
  }
  assert.equal(describeFailure(new TypeError("a bug")), undefined, "a bug is not explained away");
});

Deno.test("Airflow's explanation is quoted on one line, at most 500 characters", () => {
  const message = describeFailure(answered(400, `first line\n${"x".repeat(2_000)}`)) ?? "";
  assert.ok(!message.includes("\n"));
  assert.ok(message.length < 700, `${message.length}`);
});

Deno.test("since: ISO dates and times, or a span back from now", () => {
  const now = Date.parse("2026-11-20T12:00:00Z");
  assert.equal(parseSince("24h", "since", now).toISOString(), "2026-11-19T12:00:00.000Z");
  assert.equal(parseSince("30m", "since", now).toISOString(), "2026-11-20T11:30:00.000Z");
  assert.equal(parseSince("7d", "since", now).toISOString(), "2026-11-13T12:00:00.000Z");
  assert.equal(parseSince("2W", "since", now).toISOString(), "2026-11-06T12:00:00.000Z");
  assert.equal(
    parseSince("2026-11-20T06:00:00+02:00", "since").toISOString(),
    "2026-11-20T04:00:00.000Z",
  );
  assert.equal(parseSince("2026-11-20", "since").toISOString(), "2026-11-20T00:00:00.000Z");
  for (const bad of ["yesterday", "24", "h", "2026-13-45", "-1d"]) {
    assert.throws(() => parseSince(bad, "since", now), (error: Error) => {
      assert.ok(error instanceof ToolError);
      assert.match(error.message, /^since: expected an ISO 8601 time .* got "/);
      return true;
    });
  }
});

Deno.test("similar names: containment first, then a few edits away, at most five", () => {
  const dags = ["etl_daily", "etl_hourly", "reporting", "billing_sync", "crm_sync", "xyz"];
  assert.deepEqual(similarNames("etl", dags), ["etl_daily", "etl_hourly"]);
  assert.deepEqual(similarNames("reportng", dags), ["reporting"]);
  assert.deepEqual(similarNames("ETL-Daily", dags), ["etl_daily"]);
  assert.deepEqual(similarNames("sync", dags), ["crm_sync", "billing_sync"]);
  assert.deepEqual(similarNames("orders", dags), []);
  assert.deepEqual(similarNames("xy", ["xyz", "ab"]), ["xyz"]);
  const many = Array.from({ length: 20 }, (_, index) => `job_${index}`);
  assert.equal(similarNames("job", many).length, 5);
});
