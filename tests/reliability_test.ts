/**
 * The reliability suite: faults, credentials, property-based tests, concurrency and a soak run.
 * Each part registers its tests on one report; the last test writes RELIABILITY.md from them.
 */
import { register as badInput } from "./reliability/bad_input.ts";
import { register as concurrency } from "./reliability/concurrency.ts";
import { register as credentials } from "./reliability/credentials.ts";
import { register as faults } from "./reliability/faults.ts";
import { register as properties } from "./reliability/properties.ts";
import { register as redirects } from "./reliability/redirects.ts";
import { ReliabilityReport } from "./reliability/report.ts";
import { register as soak } from "./reliability/soak.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const COMMAND = ".tools/node_modules/.bin/deno test -A tests/reliability_test.ts";

const report = new ReliabilityReport();
for (
  const register of [faults, redirects, badInput, credentials, properties, concurrency, soak]
) {
  register(report);
}

Deno.test("RELIABILITY.md is written from this run", async () => {
  if (!report.complete) {
    throw new Error("a reliability test failed or was filtered out; RELIABILITY.md is not written");
  }
  const path = `${ROOT}RELIABILITY.md`;
  await Deno.writeTextFile(path, report.render(COMMAND));
  const format = await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", path] })
    .output();
  if (!format.success) throw new Error(new TextDecoder().decode(format.stderr));
});
