/**
 * The reliability suite: faults, credentials, property-based tests, concurrency and a soak run.
 * Each part registers its tests on one report. Run by `deno task reliability`, the last test
 * writes RELIABILITY.md from them; in the ordinary test run it checks that the committed
 * report says what this run saw, figures aside, and leaves the file alone.
 */
import { register as badInput } from "./reliability/bad_input.ts";
import { register as byteBounds } from "./reliability/byte_bounds.ts";
import { register as concurrency } from "./reliability/concurrency.ts";
import { register as credentials } from "./reliability/credentials.ts";
import { register as credentialsPerCall } from "./reliability/credentials_per_call.ts";
import { register as fakeDefence } from "./reliability/fake_defence.ts";
import { register as faults } from "./reliability/faults.ts";
import { register as loopBounds } from "./reliability/loop_bounds.ts";
import { register as properties } from "./reliability/properties.ts";
import { register as redirects } from "./reliability/redirects.ts";
import assert from "node:assert/strict";
import { fingerprint, recordedFingerprint } from "./reliability/fingerprint.ts";
import { ReliabilityReport, reportedCases } from "./reliability/report.ts";
import { register as soak } from "./reliability/soak.ts";
import { register as timeBounds } from "./reliability/time_bounds.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const COMMAND = ".tools/node_modules/.bin/deno task reliability";

const report = new ReliabilityReport();
for (
  const register of [
    faults,
    redirects,
    timeBounds,
    byteBounds,
    loopBounds,
    badInput,
    credentials,
    credentialsPerCall,
    properties,
    concurrency,
    soak,
    fakeDefence,
  ]
) {
  register(report);
}

Deno.test("RELIABILITY.md reports the cases this run saw", async () => {
  if (!report.complete) {
    throw new Error("a reliability test failed or was filtered out; RELIABILITY.md is not checked");
  }
  const path = `${ROOT}RELIABILITY.md`;
  if (Deno.env.get("RELIABILITY_REPORT") === "write") {
    await Deno.writeTextFile(path, report.render(COMMAND, await fingerprint()));
    const format = await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", path] })
      .output();
    if (!format.success) throw new Error(new TextDecoder().decode(format.stderr));
    return;
  }
  const committed = await Deno.readTextFile(path);
  assert.equal(
    recordedFingerprint(committed),
    await fingerprint(),
    "RELIABILITY.md was written from other tests: run deno task reliability",
  );
  // The cases must be the same; behaviours and figures carry what this run measured.
  const subjects = (rows: [string, string][]) => rows.map(([subject]) => subject);
  assert.deepEqual(subjects(reportedCases(committed)), subjects(report.cases()));
});
