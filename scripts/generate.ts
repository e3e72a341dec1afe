/**
 * Generates the typed client code and the API reference from the OpenAPI specs in
 * `../shared/openapi/`, corrected where real Airflow differs from them by
 * `scripts/codegen/spec_corrections.yaml`. Deterministic: the same inputs give the same bytes.
 *
 * Usage: `deno task generate` writes the files; `deno task check:generated` fails if the
 * committed files differ from what the specs give.
 *
 * @module
 */
import { applyCorrections, parseCorrections } from "./codegen/corrections.ts";
import { emitChecks } from "./codegen/emit_checks.ts";
import { emitApiDoc } from "./codegen/emit_docs.ts";
import { emitFakeVersions } from "./codegen/emit_fake.ts";
import { emitOperations, emitSchemas, emitServerBodies } from "./codegen/emit_operations.ts";
import { emitFunctions } from "./codegen/emit_functions.ts";
import { type ClientSpec, emitResources } from "./codegen/emit_resources.ts";
import { helperName, HELPERS } from "./codegen/helpers.ts";
import { emitTypes } from "./codegen/emit_types.ts";
import { V1_NAMES } from "./codegen/names_v1.ts";
import { V2_NAMES } from "./codegen/names_v2.ts";
import { planOperations } from "./codegen/operation_plan.ts";
import { buildModel, parseSpec } from "./codegen/spec_model.ts";

/** The file of corrections to the specs, relative to the project root. */
export const CORRECTIONS_FILE = "scripts/codegen/spec_corrections.yaml";

/** The specs of one API version and where its generated files go. */
export interface Target {
  /** The API, as the corrections file names it: `v2` or `v1`. */
  api: "v2" | "v1";
  /**
   * Spec files, oldest first, relative to the project root. Several are merged into one client
   * that accepts what any of them sends. Operation paths are full: a spec that writes them
   * relative to its `servers` URL (`/api/v1`) gets that URL's path in front.
   */
  specs: { version: string; file: string }[];
  /** Folder of the generated modules. */
  outDir: string;
  /** Path of the generated reference. */
  docFile: string;
  /** Title of the reference. */
  docTitle: string;
  /** `operationId` → `namespace.method`. */
  names: Record<string, string>;
  /** The client class it generates. */
  client: ClientSpec;
  /** Where the fake Airflow's table of bodies as the server takes them goes, if it serves this API. */
  serverBodiesFile?: string;
  /** Where the fake Airflow's table of what differs between the versions goes, if it plays several. */
  fakeVersionsFile?: string;
}

/** The targets this project generates. */
export const TARGETS: Target[] = [{
  api: "v2",
  specs: [
    { version: "3.0.2", file: "../shared/openapi/airflow-3.0.2-api-v2.yaml" },
    { version: "3.1.8", file: "../shared/openapi/airflow-3.1.8-api-v2.yaml" },
    { version: "3.2.1", file: "../shared/openapi/airflow-3.2.1-api-v2.yaml" },
  ],
  outDir: "src/v2/generated",
  docFile: "docs/API.md",
  docTitle: "Airflow 3 REST API (/api/v2) reference",
  names: V2_NAMES,
  client: {
    name: "Airflow",
    entry: "@airflowkit/client",
    bareEntry: "@airflowkit/client/core",
    types: { Run: "DAGRunResponse", Variable: "VariableResponse" },
    doc: [
      "A client for Airflow 3's REST API (`/api/v2`; Airflow 3.0, 3.1 and 3.2). Every operation is",
      "a method of a namespace (`airflow.dags`, `airflow.dagRuns`, …) and is also reachable with",
      "{@link Airflow.request} by its method and path.",
    ],
  },
  serverBodiesFile: "src/testing/generated/server_bodies.ts",
  fakeVersionsFile: "src/testing/generated/versions.ts",
}, {
  api: "v1",
  specs: [{ version: "2.10.0", file: "../shared/openapi/airflow-2.10.0-api-v1.yaml" }],
  outDir: "src/v1/generated",
  docFile: "docs/API-v1.md",
  docTitle: "Airflow 2 REST API (/api/v1) reference",
  names: V1_NAMES,
  client: {
    name: "AirflowV1",
    entry: "@airflowkit/client/v1",
    profile: { name: "V1_PROFILE", module: "../profile.ts" },
    types: { Run: "DAGRun", Variable: "Variable" },
    doc: [
      "A client for Airflow 2's REST API (`/api/v1`; Airflow 2.x, MWAA, Cloud Composer 2): the",
      "same core as `Airflow`, with every operation as a namespace method and by route. A username",
      "and password go as HTTP Basic; a token, fixed or from a function, as a bearer token.",
    ],
  },
}];

/** Renders every file of a target: path → contents. */
export function render(target: Target, readText: (path: string) => string): Map<string, string> {
  const sources = target.specs.map((spec) => parseSpec(spec.version, readText(spec.file)));
  const corrections = parseCorrections(readText(CORRECTIONS_FILE));
  const effects = applyCorrections(
    corrections,
    target.api,
    sources.map((source) => source.document),
  );
  const model = buildModel(sources, effects);
  const plans = planOperations(
    model.operations,
    target.names,
    model.schemas,
    new Set(HELPERS.map(helperName)),
  );
  const inputs = [
    ...target.specs.map((spec) => spec.file.replace(/^\.\.\/shared\//, "shared/")),
    CORRECTIONS_FILE,
  ];
  const files = new Map([
    [`${target.outDir}/schemas.ts`, emitSchemas(model, inputs)],
    [`${target.outDir}/checks.ts`, emitChecks(model, plans, inputs)],
    [`${target.outDir}/types.ts`, emitTypes(model, plans, inputs)],
    [`${target.outDir}/operations.ts`, emitOperations(model, plans, inputs)],
    [`${target.outDir}/resources.ts`, emitResources(model, plans, inputs, target.client)],
    [
      `${target.outDir}/functions.ts`,
      emitFunctions(model, plans, inputs, target.client.types, target.client.bareEntry),
    ],
    [
      target.docFile,
      emitApiDoc(plans, inputs, target.docTitle, model.versions, target.client.bareEntry),
    ],
  ]);
  if (target.serverBodiesFile) {
    const serverSources = target.specs.map((spec) => parseSpec(spec.version, readText(spec.file)));
    const serverEffects = applyCorrections(
      corrections,
      target.api,
      serverSources.map((source) => source.document),
      "server",
    );
    const server = buildModel(serverSources, serverEffects);
    files.set(target.serverBodiesFile, emitServerBodies(model, server, inputs));
  }
  if (target.fakeVersionsFile) {
    const single = target.specs.map((spec) => {
      const source = parseSpec(spec.version, readText(spec.file));
      return buildModel([source], applyCorrections(corrections, target.api, [source.document]));
    });
    files.set(target.fakeVersionsFile, emitFakeVersions(model, single, inputs));
  }
  return files;
}

/** Formats TypeScript and Markdown the way `deno fmt` would, so checks compare like with like. */
async function format(files: Map<string, string>): Promise<Map<string, string>> {
  const dir = await Deno.makeTempDir({ prefix: "airflowkit-gen-" });
  try {
    const written: [string, string][] = [];
    for (const [path, text] of files) {
      const temp = `${dir}/${path.replaceAll("/", "__")}`;
      await Deno.writeTextFile(temp, text);
      written.push([path, temp]);
    }
    const config = `${Deno.cwd()}/deno.json`;
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--quiet", `--config=${config}`, ...written.map(([, temp]) => temp)],
    }).output();
    if (!result.success) throw new Error(new TextDecoder().decode(result.stderr));
    return new Map(
      await Promise.all(
        written.map(async ([path, temp]) =>
          [path, await Deno.readTextFile(temp)] as [string, string]
        ),
      ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Renders and formats every target. */
export async function generateAll(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const target of TARGETS) {
    for (const [path, text] of render(target, Deno.readTextFileSync)) files.set(path, text);
  }
  return await format(files);
}

if (import.meta.main) {
  const files = await generateAll();
  if (Deno.args.includes("--check")) {
    const stale = [...files].filter(([path, text]) => {
      try {
        return Deno.readTextFileSync(path) !== text;
      } catch {
        return true;
      }
    }).map(([path]) => path);
    if (stale.length > 0) {
      console.error(`generated files are stale: ${stale.join(", ")}\nrun: deno task generate`);
      Deno.exit(1);
    }
    console.log(`generated files are up to date (${files.size} files)`);
  } else {
    for (const [path, text] of files) {
      await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      await Deno.writeTextFile(path, text);
    }
    console.log(`wrote ${[...files.keys()].join(", ")}`);
  }
}
