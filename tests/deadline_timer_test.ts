/**
 * The client's one timer for the time bounds of its attempts: alarms fire in the order they are
 * due and never once stopped, an idle timer does not keep a process alive (Deno's sanitizers
 * fail a test that leaves a live timer behind), and calls after the first time out through it.
 */
import assert from "node:assert/strict";
import { Airflow, APITimeoutError } from "../mod.ts";
import { DeadlineTimer } from "../src/core/deadline_timer.ts";
import { json, stallBeforeHeaders, startFaultServer } from "./helpers/fault_server.ts";

/** Resolves once `alarms` have all fired or been stopped; records the order they fired in. */
function recorder() {
  const fired: string[] = [];
  const waits: Promise<void>[] = [];
  const expiring = (name: string) => {
    let done!: () => void;
    waits.push(new Promise<void>((resolve) => done = resolve));
    return { expire: () => (fired.push(name), done()), done: () => done() };
  };
  return { fired, expiring, all: () => Promise.all(waits) };
}

Deno.test("alarms fire in the order they are due, and a stopped one never", async () => {
  const timer = new DeadlineTimer();
  const { fired, expiring, all } = recorder();
  // The first alarm shows whether the runtime can share a timer; the rest share it.
  const first = expiring("first");
  timer.start(5, first.expire);
  const late = expiring("late");
  timer.start(60, late.expire);
  const early = expiring("early");
  timer.start(20, early.expire);
  const stopped = expiring("stopped");
  timer.stop(timer.start(10, stopped.expire));
  stopped.done();
  const middle = expiring("middle");
  timer.start(40, middle.expire);
  await all();
  assert.deepEqual(fired, ["first", "early", "middle", "late"]);
});

Deno.test("an idle timer is left armed without keeping the process alive", async () => {
  const timer = new DeadlineTimer();
  timer.stop(timer.start(10, () => assert.fail("stopped")));
  timer.stop(timer.start(600_000, () => assert.fail("stopped")));
  // The shared timer stays set for ten minutes; the sanitizers pass only if it is unref'd.
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { DeadlineTimer } from ${
        JSON.stringify(import.meta.resolve("../src/core/deadline_timer.ts"))
      };
       const timer = new DeadlineTimer();
       timer.stop(timer.start(10, () => {}));
       timer.stop(timer.start(600_000, () => {}));
       console.log("idle");`,
    ],
    stdout: "piped",
  }).spawn();
  const killer = setTimeout(() => child.kill(), 120_000);
  const { code, stdout } = await child.output();
  clearTimeout(killer);
  assert.equal(new TextDecoder().decode(stdout).trim(), "idle");
  assert.equal(code, 0, "the process exited on its own, before the armed timer would fire");
});

Deno.test("a bound is kept while a call is pending, and calls after the first time out", async () => {
  const server = startFaultServer((request) =>
    request.url.pathname.endsWith("/stalled") ? stallBeforeHeaders() : json({ version: "3.2.1" })
  );
  try {
    const airflow = new Airflow({ baseUrl: server.url, auth: { token: "t" }, maxRetries: 0 });
    // The first call has a timer of its own; the second, with a long bound, leaves the shared
    // timer armed far ahead, and the stalled calls' shorter bounds must re-arm it.
    await airflow.version.get();
    await airflow.version.get({ timeout: 60_000 });
    const started = performance.now();
    const error = await airflow.dags.get("stalled", { timeout: 150 })
      .then(() => undefined, (failure) => failure);
    assert.ok(error instanceof APITimeoutError, String(error));
    assert.match(error.message, /timed out after 150 ms/);
    const elapsed = performance.now() - started;
    // Ten seconds of room for a loaded machine: the bound is kept, not the armed minute.
    assert.ok(elapsed >= 145 && elapsed < 10_000, `${elapsed} ms for a 150 ms bound`);
    const again = await airflow.dags.get("stalled", { timeout: 100 })
      .then(() => undefined, (failure) => failure);
    assert.ok(again instanceof APITimeoutError, String(again));
    assert.match(again.message, /timed out after 100 ms/);
  } finally {
    await server.close();
  }
});
