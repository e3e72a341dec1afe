/**
 * Conformance against Prism serving an official spec, for either API version: every operation
 * of the spec is called through its namespace method, with awkward ids. Prism must reject none
 * of the requests (a 4xx with an `sl-violations` header), and with `--dynamic` (random answers
 * that fit the spec) every answer must pass the client's validation; paged lists are sampled 20
 * times each.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { APIError } from "../../mod.ts";
import type { Operation } from "../../src/core/operation.ts";
import { startPrism } from "../../scripts/prism.ts";
import { applyCorrections, parseCorrections } from "../../scripts/codegen/corrections.ts";
import { CORRECTIONS_FILE } from "../../scripts/generate.ts";
import { type Raw, resolveRef, sampleValue } from "./samples.ts";

/** One API version's client, as the suite drives it. */
export interface ConformanceTarget {
  /** Test name prefix, such as `Prism 3.2.1`. */
  label: string;
  /** The spec file Prism serves. */
  specFile: string;
  /** What the client puts before the spec's paths (`/api/v1` for a spec whose paths lack it). */
  pathPrefix: string;
  /** The client's operations by route. */
  routes: Record<string, Operation>;
  /** `operationId` → `namespace.method`. */
  names: Record<string, string>;
  /** A client on Prism at `url`. */
  client: (url: string) => object;
  /** The API, as the corrections file names it. */
  api: "v1" | "v2";
}

const AWKWARD_IDS = [
  "manual__2026-11-20T10:00:00+00:00",
  "with/slash",
  "spaces and ünïcødé ☃",
  "plus+sign:colon",
  "percent%25-and-tilde~",
];
const LIST_SAMPLES = 20;
const METHODS = ["get", "post", "put", "patch", "delete"];

interface Call {
  route: string;
  run: (client: object) => Promise<unknown>;
  paged: boolean;
}

/** Builds one call per operation of the spec, with arguments valid for that version. */
function callsFor(document: Raw, target: ConformanceTarget): Call[] {
  const calls: Call[] = [];
  let idIndex = 0;
  for (const [path, item] of Object.entries<Raw>(document.paths)) {
    for (const method of METHODS) {
      const raw = item[method];
      if (!raw) continue;
      const route = `${method.toUpperCase()} ${target.pathPrefix}${path}`;
      const operation = target.routes[route];
      assert.ok(operation, `the client has no operation for ${route}`);
      const [namespace, name] = target.names[operation.id].split(".");
      const params: Raw[] = (raw.parameters ?? []).map((p: Raw) => resolveRef(document, p));
      const pathArgs = operation.pathParams.map((param) => {
        const schema = params.find((p) => p.in === "path" && p.name === param.name)?.schema ?? {};
        if (param.kind === "integer") return 1;
        if ("const" in schema) return schema.const;
        return AWKWARD_IDS[idIndex++ % AWKWARD_IDS.length];
      });
      const query: Record<string, unknown> = {};
      for (const param of params) {
        if (param.in === "query" && param.required) {
          query[param.name] = sampleValue(document, param.schema);
        }
      }
      const bodySchema = raw.requestBody
        ? resolveRef(document, raw.requestBody).content?.["application/json"]?.schema
        : undefined;
      const args: unknown[] = [...pathArgs];
      if (operation.body) args.push(bodySchema ? sampleValue(document, bodySchema) : undefined);
      if (operation.query && !operation.servedBy) args.push(query);
      calls.push({
        route,
        paged: Boolean(operation.page),
        run: (client) => {
          // deno-lint-ignore no-explicit-any
          const resource = (client as any)[namespace];
          // A stream served by a helper (`dagRuns.wait`): its first request is enough here;
          // waiting on Prism's runs, which never finish, is `streams_prism_test.ts`'s job.
          if (operation.servedBy) {
            return firstStep(resource.watch.call(resource, ...args, { interval: 1_000 }));
          }
          return resource[name].apply(resource, args);
        },
      });
    }
  }
  return calls;
}

/** The first value of an async generator, which is then closed. */
async function firstStep(steps: AsyncGenerator<unknown>): Promise<unknown> {
  try {
    return (await steps.next()).value;
  } finally {
    await steps.return(undefined);
  }
}

function describeFailure(route: string, error: unknown): string {
  if (error instanceof APIError) {
    const violations = error.headers?.get("sl-violations");
    return `${route}: ${error.status}${
      violations ? ` rejected by Prism: ${violations}` : ""
    } ${error.message}`;
  }
  return `${route}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
}

/**
 * Registers the static and the dynamic conformance tests of one target. Arguments are sampled
 * from the spec as the client corrects it (`spec_corrections.yaml`), so they are what the client
 * sends; Prism checks them against the spec as published.
 */
export async function conformanceTests(target: ConformanceTarget): Promise<void> {
  const { specFile, label } = target;
  const document = parse(await Deno.readTextFile(specFile)) as Raw;
  const corrections = parseCorrections(
    await Deno.readTextFile(new URL(`../../${CORRECTIONS_FILE}`, import.meta.url)),
  );
  applyCorrections(corrections, target.api, [document]);
  const calls = callsFor(document, target);

  Deno.test(`${label}: every operation is accepted (static examples)`, async () => {
    const prism = await startPrism(specFile, false);
    try {
      const airflow = target.client(prism.url);
      const failures: string[] = [];
      for (const call of calls) {
        try {
          const result = await call.run(airflow);
          // deno-lint-ignore no-explicit-any
          if (call.paged) await (result as any).firstPage();
        } catch (error) {
          failures.push(describeFailure(call.route, error));
        }
      }
      assert.deepEqual(failures, [], `${failures.length} of ${calls.length} calls failed`);
    } finally {
      await prism.close();
    }
  });

  Deno.test(`${label} --dynamic: every answer passes validation`, async () => {
    const prism = await startPrism(specFile, true);
    try {
      const airflow = target.client(prism.url);
      const failures: string[] = [];
      let listCalls = 0;
      for (const call of calls) {
        try {
          const result = await call.run(airflow);
          if (!call.paged) continue;
          for (let sample = 0; sample < LIST_SAMPLES; sample++) {
            // deno-lint-ignore no-explicit-any
            await (result as any).firstPage();
            listCalls++;
          }
          // deno-lint-ignore no-explicit-any
          for await (const _ of (result as any)) { /* pages until Prism's total or empty page */ }
        } catch (error) {
          failures.push(describeFailure(call.route, error));
        }
      }
      assert.deepEqual(failures, [], `${failures.length} of ${calls.length} operations failed`);
      assert.ok(listCalls >= LIST_SAMPLES * calls.filter((call) => call.paged).length);
    } finally {
      await prism.close();
    }
  });
}
