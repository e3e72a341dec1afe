/**
 * One smoke suite (tests/runtimes/smoke.mjs), the same behaviour on every runtime: Deno from
 * source; Node and Bun from the packed tarball; workerd with a Worker bundled from the package;
 * headless Chromium with a page that loads the bundled ES module. Each runs against the
 * embedded fake Airflow over loopback HTTP.
 */
import assert from "node:assert/strict";
import * as kit from "../mod.ts";
import { exampleDags, FakeAirflow, type Listener, PacedClock } from "../src/testing/mod.ts";
import { bundleFile, lastJsonLine, packageProject, run, TOOLS } from "./helpers/package_project.ts";
import { CHECKS, runSmoke } from "./runtimes/smoke.mjs";
import { chromiumPath, exists } from "../scripts/install_chromium.ts";

interface Report {
  evalAllowed: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
  error?: string;
}

/** Serves a fake with the example DAGs on a pace fast enough for runs to end in about a second. */
function serveFake(cors = false): Promise<Listener> {
  const fake = new FakeAirflow({ dags: exampleDags(), clock: new PacedClock({ pace: 20 }) });
  return fake.listen({ cors });
}

function assertAllPassed(report: Report): void {
  assert.equal(report.error, undefined, report.error);
  assert.deepEqual(report.checks.map((check) => check.name), CHECKS);
  const failed = report.checks.filter((check) => !check.ok);
  assert.deepEqual(failed, [], failed.map((check) => `${check.name}: ${check.detail}`).join("\n"));
}

async function withFake<T>(cors: boolean, body: (url: string) => Promise<T>): Promise<T> {
  const server = await serveFake(cors);
  try {
    return await body(server.url);
  } finally {
    await server.close();
  }
}

Deno.test("Deno, from source: the smoke suite passes", async () => {
  const report = await withFake(false, (url) => runSmoke(kit, url)) as Report;
  assertAllPassed(report);
  assert.equal(report.evalAllowed, true);
});

Deno.test("Node, from the packed tarball: the smoke suite passes", async () => {
  const { dir } = await packageProject();
  const stdout = await withFake(false, (url) => run("node", ["cli_main.mjs", url], { cwd: dir }));
  assertAllPassed(lastJsonLine(stdout) as Report);
});

Deno.test("Bun, from the same tarball, with the fake served by Bun.serve: the suite passes", async () => {
  const { dir } = await packageProject();
  const stdout = await run(new URL(".bin/bun", TOOLS).pathname, ["cli_main.mjs"], { cwd: dir });
  const report = lastJsonLine(stdout) as Report & { served?: string };
  assertAllPassed(report);
  assert.match(report.served ?? "", /^http:\/\/127\.0\.0\.1:\d+$/, "the fake listened in Bun");
});

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function waitForPort(port: number, process: Deno.ChildProcess): Promise<void> {
  let exited = false;
  process.status.then(() => (exited = true));
  for (let attempt = 0; attempt < 300 && !exited; attempt++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`nothing listens on ${port}${exited ? ": the process exited" : ""}`);
}

/** A workerd config: the Worker on `port`, allowed to reach loopback (the fake). */
function workerdConfig(port: number): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker_main.bundle.js")],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
);
`;
}

Deno.test("workerd: a Worker bundled from the package passes, validating without eval; a kept client keeps its bounds", async () => {
  const { dir } = await packageProject();
  await bundleFile(dir, "worker_main.mjs", "neutral");
  const port = freePort();
  await Deno.writeTextFile(`${dir}/workerd.capnp`, workerdConfig(port));
  const workerd = new Deno.Command(new URL(".bin/workerd", TOOLS).pathname, {
    args: ["serve", "workerd.capnp"],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = workerd.output();
  try {
    await waitForPort(port, workerd);
    const report = await withFake(false, async (url) => {
      const response = await fetch(`http://127.0.0.1:${port}/?airflow=${encodeURIComponent(url)}`);
      return await response.json();
    }) as Report;
    assertAllPassed(report);
    assert.equal(report.evalAllowed, false, "workerd forbids code generation from strings");
    const validation = report.checks.find((check) => check.name === "response validation");
    assert.match(validation?.detail ?? "", /version/, "the refusal names the field");
    // A client kept at module scope keeps its time bounds from one request to the next.
    const kept = async (step: string) =>
      await (await fetch(`http://127.0.0.1:${port}/kept/${step}`)).text();
    assert.equal(await kept("quick"), "quick calls ended");
    assert.equal(await kept("stalled"), "APITimeoutError");
  } finally {
    workerd.kill("SIGTERM");
    const { stderr } = await output;
    const log = new TextDecoder().decode(stderr);
    if (/error/i.test(log)) console.error(log);
  }
});

/** Debian's Chromium, or the one CHROMIUM_PATH names; `deno task setup` installs it. */
async function installedChromium(): Promise<string> {
  const path = chromiumPath();
  if (!(await exists(path))) {
    throw new Error(
      `Chromium not found at ${path}: run \`deno task setup\` (installs Debian's chromium as ` +
        "root) or set CHROMIUM_PATH",
    );
  }
  return path;
}

Deno.test("Chromium: a page loads the bundled ES module and passes against a CORS-enabled fake", async () => {
  const chromium = await installedChromium();
  const { dir } = await packageProject();
  const script = await Deno.readTextFile(await bundleFile(dir, "browser_main.mjs", "browser"));
  const page = `<!doctype html><meta charset="utf-8"><title>airflowkit smoke</title>
<script type="module" src="/bundle.js"></script>`;
  const site = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/bundle.js") {
      return new Response(script, { headers: { "content-type": "text/javascript" } });
    }
    if (path === "/") return new Response(page, { headers: { "content-type": "text/html" } });
    return new Response("not found", { status: 404 });
  });
  try {
    const stdout = await withFake(true, (url) => {
      const pageUrl = `http://127.0.0.1:${site.addr.port}/?airflow=${encodeURIComponent(url)}`;
      const driver = new URL("runtimes/chromium_driver.mjs", import.meta.url).pathname;
      const entry = new URL("playwright-core/index.mjs", TOOLS).pathname;
      return run("node", [driver, entry, chromium, pageUrl]);
    });
    const report = lastJsonLine(stdout) as Report & { userAgent: string };
    assertAllPassed(report);
    assert.match(report.userAgent, /HeadlessChrome|Chrome/);
  } finally {
    await site.shutdown();
  }
});
