/**
 * The npm package: its manifest mirrors deno.json, the tarball holds what it should, and its
 * declarations compile in a consumer project under `tsc --strict`, with `bundler` and `nodenext`
 * resolution, on TypeScript 7 and 5.9.
 */
import assert from "node:assert/strict";
import { packageProject, run, TOOLS } from "./helpers/package_project.ts";

const ROOT = new URL("../", import.meta.url);
const deno = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));

Deno.test("package.json mirrors deno.json: name, version, exports, one dependency", async () => {
  const { dir } = await packageProject();
  const manifest = JSON.parse(
    await Deno.readTextFile(`${dir}/node_modules/@airflowkit/client/package.json`),
  );
  assert.equal(manifest.name, deno.name);
  assert.equal(manifest.version, deno.version);
  assert.equal(manifest.license, deno.license);
  assert.equal(manifest.type, "module");
  assert.equal(manifest.sideEffects, false);
  assert.equal(manifest.types, "./esm/mod.d.ts");
  assert.deepEqual(Object.keys(manifest.exports), Object.keys(deno.exports));
  for (const [entry, source] of Object.entries(deno.exports as Record<string, string>)) {
    const base = `./esm/${source.slice(2, -3)}`;
    assert.deepEqual(manifest.exports[entry], { types: `${base}.d.ts`, default: `${base}.js` });
  }
  assert.deepEqual(manifest.dependencies, {}, "the library depends on no package");
  assert.equal(manifest.engines.node, ">=18", "the global fetch arrived in Node 18");
});

Deno.test("the tarball holds ES modules, declarations, source maps, README and LICENSE only", async () => {
  const { tarball } = await packageProject();
  const files = (await run("tar", ["-tzf", tarball])).trim().split("\n").map((path) =>
    path.replace(/^package\//, "")
  );
  for (const file of ["package.json", "README.md", "LICENSE", "esm/mod.js", "esm/mod.d.ts"]) {
    assert.ok(files.includes(file), `${file} is packed`);
  }
  assert.ok(files.includes("esm/mod.js.map"));
  assert.ok(files.includes("esm/src/testing/mod.js"));
  const unexpected = files.filter((file) =>
    !/^esm\/.*\.(js|d\.ts|js\.map)$/.test(file) &&
    !["package.json", "README.md", "LICENSE"].includes(file)
  );
  assert.deepEqual(unexpected, []);
});

Deno.test("the emitted JavaScript imports only relative .js files", async () => {
  const { dir } = await packageProject();
  const esm = `${dir}/node_modules/@airflowkit/client/esm`;
  const specifiers = new Set<string>();
  for (
    const line of (await run("grep", ["-rhoE", '^(import|export|\\}).* from "[^"]+"', esm])).split(
      "\n",
    )
  ) {
    if (line) specifiers.add(line.slice(line.lastIndexOf(" from ") + 7, -1));
  }
  assert.ok(specifiers.size > 20, `found ${specifiers.size} import specifiers`);
  const odd = [...specifiers].filter((specifier) =>
    !(specifier.startsWith(".") && specifier.endsWith(".js"))
  );
  assert.deepEqual(odd, []);
  const map = JSON.parse(await Deno.readTextFile(`${esm}/mod.js.map`));
  assert.equal(map.sourcesContent.length, map.sources.length, "maps carry their sources");
});

/** Uses the public API the way an application would; a type error anywhere fails tsc. */
const CONSUMER = `import {
  Airflow,
  type DAGResponse,
  isAirflowError,
  type LogLine,
  NotFoundError,
} from "@airflowkit/client";
import { AirflowCore, DagRuns, dagsGet, dagRunsTrigger } from "@airflowkit/client/core";
import { exampleDags, FakeAirflow, ManualClock } from "@airflowkit/client/testing";
import { AirflowV1, type DAGRun } from "@airflowkit/client/v1";

export async function main(): Promise<string> {
  const fake = new FakeAirflow({ dags: exampleDags(), clock: new ManualClock() });
  const airflow = new Airflow(fake.clientOptions());
  const dag: DAGResponse = await airflow.dags.get("etl_daily");
  for await (const run of airflow.dagRuns.list("~", { state: ["failed"], pageSize: 10 })) {
    console.log(run.dag_run_id.toUpperCase());
  }
  const core = new AirflowCore({ baseUrl: "http://localhost:8080", auth: { token: "t" } });
  const { run } = await new DagRuns(core).wait("etl_daily", "r1", { totalTimeout: 1000 });
  const triggered: string = (await dagRunsTrigger(core, "etl_daily", { conf: {} })).dag_run_id;
  console.log(triggered, (await dagsGet(core, "etl_daily")).is_paused === true);
  const lines: AsyncIterable<LogLine> = airflow.taskInstances.logs(
    "etl_daily",
    run.dag_run_id,
    "extract",
    1,
  );
  for await (const line of lines) console.log(line.event);
  try {
    await airflow.dags.get("missing");
  } catch (error) {
    if (error instanceof NotFoundError) return String(error.status);
    if (isAirflowError(error)) return error.name;
  }
  const v1 = new AirflowV1({ baseUrl: "http://localhost:8080", auth: { username: "a", password: "b" } });
  const v1Run: DAGRun = await v1.dagRuns.trigger("etl_daily", { conf: {} });
  console.log(v1Run.dag_run_id?.length);
  // @ts-expect-error dag_id is a string: the types are not any
  const wrong: number = dag.dag_id;
  return dag.dag_id + wrong;
}
`;

const TSCONFIGS = {
  bundler: {
    target: "ES2022",
    module: "preserve",
    moduleResolution: "bundler",
    lib: ["ES2022", "DOM", "DOM.Iterable", "DOM.AsyncIterable"],
    types: [],
  },
  nodenext: {
    target: "ES2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    lib: ["ES2022"],
    types: ["node"],
    typeRoots: [new URL("@types", TOOLS).pathname],
  },
};

const COMPILERS = {
  "TypeScript 7": new URL(".bin/tsc", TOOLS).pathname,
  "TypeScript 5.9": new URL("typescript-5/bin/tsc", TOOLS).pathname,
};

for (const [compiler, tsc] of Object.entries(COMPILERS)) {
  for (const [resolution, options] of Object.entries(TSCONFIGS)) {
    Deno.test(`declarations compile under ${compiler}, --strict, ${resolution}`, async () => {
      const { dir } = await packageProject();
      const folder = `${dir}/consumer-${resolution}`;
      await Deno.mkdir(folder, { recursive: true });
      await Deno.writeTextFile(`${folder}/main.ts`, CONSUMER);
      const compilerOptions = { ...options, strict: true, noEmit: true, skipLibCheck: false };
      await Deno.writeTextFile(
        `${folder}/tsconfig.json`,
        JSON.stringify({ compilerOptions, files: ["main.ts"] }),
      );
      await run(tsc, ["-p", `${folder}/tsconfig.json`], { cwd: dir });
    });
  }
}
