/**
 * A long-lived abort signal given to every call, as a service passes its shutdown signal, must
 * not hold anything per call. `AbortSignal.any` leaves each signal it makes referenced by a
 * long-lived source on Node 20, about 60 bytes a call; the client joins signals itself and lets
 * go when each attempt ends.
 */
import assert from "node:assert/strict";
import { exampleDags, FakeAirflow } from "../src/testing/mod.ts";
import { lastJsonLine, packageProject, run } from "./helpers/package_project.ts";

const CALLS = 20_000;
/** Far above what the heap moves by when nothing is held, far below what 20,000 holds weigh. */
const MAX_GROWTH_BYTES = 500_000;

Deno.test("Node, from the packed tarball: a signal given to 20,000 calls holds nothing of them", async () => {
  const { dir } = await packageProject();
  const server = await new FakeAirflow({ dags: exampleDags() }).listen();
  try {
    const stdout = await run(
      "node",
      ["--expose-gc", "held_signal_main.mjs", server.url, "etl_daily", String(CALLS)],
      { cwd: dir },
    );
    const { warm, end } = lastJsonLine(stdout) as { warm: number; end: number };
    assert.ok(
      end - warm < MAX_GROWTH_BYTES,
      `the JS heap after GC grew by ${end - warm} bytes over ${CALLS} calls`,
    );
  } finally {
    await server.close();
  }
});
