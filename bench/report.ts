/**
 * The benchmark's figures, and BENCHMARKS.md written from them: each target with the figure that
 * decides it, the tables per runtime, the per-call steps before and after, the machine, and how
 * to run it again.
 *
 * @module
 */
import { CORE_FLOOR, SIZE_LIMITS } from "../scripts/size.ts";
import type { McpWorkerFigures } from "./mcp_worker.ts";
import type { RunnerResult } from "./runner.ts";
import type { KeyOrder } from "./server.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** One timing run: where it ran and what it measured. */
export interface RunFigures extends RunnerResult {
  runtime: "deno" | "node";
  order: KeyOrder;
  codeGeneration: boolean;
}

/** Everything one run measured; bench/results.json holds it as is. */
export interface Results {
  smoke: boolean;
  date: string;
  machine: Record<string, string>;
  sizes: Record<string, unknown>;
  contenders: { id: string; label: string; about: string }[];
  /** The per-call steps: earlier commits of airflowkit, timed beside the contenders. */
  steps: { id: string; commit: string; label: string }[];
  runs: RunFigures[];
  paging: Record<string, {
    itemsPerSecond: number;
    rssAtCheckpoint: number;
    rssAtEnd: number;
    heapAtCheckpoint: number;
    heapAtEnd: number;
  }>;
  /** Median milliseconds from import to the end of the first call, in a fresh process. */
  startupMilliseconds: Record<string, number>;
  /** The peers' and airflowkit's "get one DAG" Workers. */
  bundleSizes: { label: string; minified: number; gzipped: number }[];
  /** airflowkit's programs of `deno task size`. */
  airflowkitSizes: { program: string; minified: number; gzipped: number }[];
  /** The MCP server's Worker: its bundle and its cold start in workerd. */
  mcpWorker: McpWorkerFigures;
}

async function packageVersion(path: string): Promise<string> {
  try {
    return JSON.parse(await Deno.readTextFile(`${ROOT}${path}/package.json`)).version;
  } catch {
    return "unknown";
  }
}

async function nodeVersion(): Promise<string> {
  const output = await new Deno.Command("node", { args: ["--version"], stdout: "piped" }).output();
  const version = new TextDecoder().decode(output.stdout).trim();
  const v8 = await new Deno.Command("node", {
    args: ["-p", "process.versions.v8"],
    stdout: "piped",
  }).output();
  return `${version.replace(/^v/, "")} (V8 ${new TextDecoder().decode(v8.stdout).trim()})`;
}

/** The machine and the versions of everything measured. */
export async function machine(): Promise<Record<string, string>> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const cpu = cpuinfo.match(/model name\s*:\s*(.+)/)?.[1] ?? "unknown";
  const peers = "bench/peer_tools/node_modules";
  return {
    cpu: `${cpu}, ${navigator.hardwareConcurrency} cores`,
    memory: `${(Deno.systemMemoryInfo().total / 2 ** 30).toFixed(1)} GiB`,
    os: `${Deno.build.os} ${Deno.osRelease()} (${Deno.build.arch})`,
    deno: `${Deno.version.deno} (V8 ${Deno.version.v8})`,
    node: await nodeVersion(),
    "openapi-fetch": await packageVersion(`${peers}/openapi-fetch`),
    "openapi-typescript": await packageVersion(`${peers}/openapi-typescript`),
    "@hey-api/openapi-ts": await packageVersion(`${peers}/@hey-api/openapi-ts`),
    esbuild: await packageVersion(".tools/node_modules/esbuild"),
  };
}

const us = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} µs`;
const ratio = (value: number, floor: number) => `${(value / floor).toFixed(3)}x`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** What the bare core alone weighs, against the smallest target: why a bundle target is missed. */
function floorNote(sizes: Results["airflowkitSizes"]): string[] {
  const floor = sizes.find((size) => size.program === CORE_FLOOR);
  const smallest = Math.min(...Object.values(SIZE_LIMITS));
  if (!floor || floor.gzipped <= smallest) return [];
  return [
    `The bare core alone, calling nothing, weighs ${kb(floor.gzipped)} gzipped: its sending,`,
    "time bounds, retries, redirect rules, credentials (passwords exchanged for tokens among",
    "them), redaction, errors, option checks, version gates, middleware, concurrency limit and",
    "failure explanations. That is more than the smallest target of",
    `${kb(smallest)}, so no choice of operations meets it: it needs a smaller core, with the`,
    "features a Worker may not use (passwords, middleware, the concurrency limit, version gates)",
    "moved into imports of their own.",
    "",
  ];
}
const runtimeName = (runtime: string) => runtime === "deno" ? "Deno" : "Node";
const generation = (allowed: boolean) =>
  allowed ? "code generation allowed" : "code generation forbidden";

function table(header: string[], rows: string[][], align: ("l" | "r")[]): string {
  const rule = align.map((a) => (a === "r" ? "---:" : "---"));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

interface Target {
  goal: string;
  figure: string;
  met: boolean;
}

function runOf(r: Results, runtime: string, codeGeneration: boolean, order: KeyOrder) {
  return r.runs.find((run) =>
    run.runtime === runtime && run.codeGeneration === codeGeneration && run.order === order
  )!;
}

function targets(r: Results): Target[] {
  const found: Target[] = [];
  for (const runtime of ["deno", "node"]) {
    for (const codeGeneration of [true, false]) {
      const run = runOf(r, runtime, codeGeneration, "fixed");
      const where = `${runtimeName(runtime)}, ${generation(codeGeneration)}`;
      const { dag, page } = run.median;
      const shuffled = runOf(r, runtime, codeGeneration, "shuffled").median.page;
      found.push({
        goal: `Page of 100, checked, at most 1.05x raw fetch (${where})`,
        figure: `${ratio(page.airflowkit, page.raw)} (shuffled keys: ${
          ratio(shuffled.airflowkit, shuffled.raw)
        })`,
        met: page.airflowkit <= page.raw * 1.05,
      }, {
        goal: `One DAG, checked, no slower than openapi-fetch (${where})`,
        figure: `${us(dag.airflowkit)} vs ${us(dag["openapi-fetch"])}`,
        met: dag.airflowkit <= dag["openapi-fetch"],
      }, {
        goal: `Unchecked, ahead of openapi-fetch on both calls (${where})`,
        figure: `one DAG ${us(dag["airflowkit-unchecked"])} vs ${us(dag["openapi-fetch"])}; ` +
          `page ${us(page["airflowkit-unchecked"])} vs ${us(page["openapi-fetch"])}`,
        met: dag["airflowkit-unchecked"] < dag["openapi-fetch"] &&
          page["airflowkit-unchecked"] < page["openapi-fetch"],
      }, {
        goal: `Validation of the page alone at most 10 µs (${where})`,
        figure: `${us(run.validation.fixed)} (shuffled keys: ${us(run.validation.shuffled)})`,
        met: run.validation.fixed <= 10,
      });
    }
  }
  for (const size of r.airflowkitSizes) {
    const limit = SIZE_LIMITS[size.program];
    if (limit === undefined) continue;
    found.push({
      goal: `${size.program}: at most ${kb(limit)} gzipped`,
      figure: kb(size.gzipped),
      met: size.gzipped <= limit,
    });
  }
  return found;
}

/**
 * What each client adds to raw fetch, beside what a time bound alone adds: airflowkit bounds
 * every attempt, the peers nothing unless asked.
 */
function gapSection(r: Results): string[] {
  const rows: string[][] = [];
  for (const runtime of ["deno", "node"]) {
    const { overhead } = runOf(r, runtime, true, "fixed");
    for (const call of ["dag", "page"] as const) {
      const added = overhead[call];
      rows.push([
        runtimeName(runtime),
        call === "dag" ? "one DAG" : "page of 100",
        us(added["raw-bounded"]),
        us(added["openapi-fetch"]),
        us(added["airflowkit-unchecked"]),
        us(added.airflowkit),
        us(added.airflowkit - added["raw-bounded"]),
      ]);
    }
  }
  return [
    "## Where the time goes",
    "",
    "What each adds to raw fetch (the median, over rounds, of its time minus raw fetch's in the",
    "same round; fixed keys, code generation allowed). airflowkit puts every attempt under its",
    "`timeout`; the time-bounded raw fetch shows what that bound costs by itself.",
    "",
    table(
      [
        "runtime",
        "call",
        "time bound alone",
        "openapi-fetch",
        "airflowkit unchecked",
        "airflowkit checked",
        "airflowkit beyond the bound",
      ],
      rows,
      ["l", "l", "r", "r", "r", "r", "r"],
    ),
    "",
  ];
}

function callTable(r: Results, run: RunFigures, shuffled: RunFigures): string {
  const label = Object.fromEntries(r.contenders.map((c) => [c.id, c.label]));
  const { dag, page } = run.median;
  return table(
    ["contender", "one DAG", "ratio", "page of 100", "ratio", "page, shuffled keys", "ratio"],
    r.contenders.map(({ id }) => [
      label[id],
      us(dag[id]),
      ratio(dag[id], dag.raw),
      us(page[id]),
      ratio(page[id], page.raw),
      us(shuffled.median.page[id]),
      ratio(shuffled.median.page[id], shuffled.median.page.raw),
    ]),
    ["l", "r", "r", "r", "r", "r", "r"],
  );
}

function stepsSection(r: Results): string[] {
  if (r.steps.length === 0) return [];
  const run = runOf(r, "deno", true, "fixed");
  const { median, overhead } = run;
  const rows = [
    ...r.steps.map((step) => [step.id, `${step.label} (${step.commit})`]),
    ["airflowkit", "the current code"],
  ];
  return [
    "## The per-call path, step by step",
    "",
    "airflowkit at each commit of the per-call work, built and timed beside the contenders in the",
    "same run (Deno, fixed key order, code generation allowed), unchecked time being what the",
    "client itself adds. Added is the median difference to raw fetch within a round.",
    "",
    table(
      ["step", "one DAG", "added", "page of 100", "added"],
      rows.map(([id, text]) => [
        text,
        us(median.dag[id]),
        us(overhead.dag[id]),
        us(median.page[id]),
        us(overhead.page[id]),
      ]),
      ["l", "r", "r", "r", "r"],
    ),
    "",
  ];
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

function mcpSection(m: McpWorkerFigures): string[] {
  const cold = m.bootMs - m.emptyBootMs + m.firstRequestMs - m.emptyFirstRequestMs;
  return [
    "## The MCP server on a Worker",
    "",
    "`@airflowkit/mcp` as a user deploys it: the packed packages installed with npm, the module",
    "its `wrangler.toml` names bundled by esbuild (the MCP SDK, zod and ajv with it), run by",
    "workerd on this machine, backed by the fake Airflow on loopback: " +
    `${m.runs} cold run${m.runs === 1 ? "" : "s"}, each in a fresh workerd, timed from the`,
    "benchmark process over loopback beside an empty Worker; the times are medians.",
    "",
    table(
      ["", "MCP Worker", "empty Worker"],
      [
        ["bundle, minified", kb(m.minified), ""],
        ["bundle, minified + gzip", kb(m.gzipped), ""],
        ["workerd, spawned to listening", ms(m.bootMs), ms(m.emptyBootMs)],
        ["first request (MCP `initialize`)", ms(m.firstRequestMs), ms(m.emptyFirstRequestMs)],
        ["cold start, over the empty Worker's", ms(cold), ""],
        ["first `tools/list`", ms(m.firstToolsListMs), ""],
        ["first tool call (`list_dags`: connects to Airflow, signs in)", ms(m.firstToolCallMs), ""],
        ["warm `initialize`", ms(m.warmInitializeMs), ""],
        ["warm `tools/list`", ms(m.warmToolsListMs), ""],
        ["warm tool call (`list_dags`, 20 DAGs)", ms(m.warmToolCallMs), ""],
      ],
      ["l", "r", "r"],
    ),
    "",
    "The cold start is what the MCP Worker adds to an empty one, booting and on its first",
    "request: compiling and evaluating its modules and building its first server. Cloudflare's",
    "own start-up, with its code cache, differs from a local workerd's; compare the rows, not",
    "the absolute times. Each request builds a server of its own (the endpoint is stateless);",
    "the Airflow connection and its token are kept by the isolate.",
    "",
  ];
}

/** BENCHMARKS.md for a run. */
export function renderReport(r: Results): string {
  const ids = r.contenders.map((c) => c.id);
  const label = Object.fromEntries(r.contenders.map((c) => [c.id, c.label]));
  const checks = targets(r);
  const met = checks.filter((t) => t.met).length;
  const lines = [
    "# Benchmarks",
    "",
    "What airflowkit costs on top of `fetch`, next to the clients a TypeScript user would pick",
    "instead. Written by `deno task bench` (bench/main.ts) from one run; the raw figures are in",
    "[bench/results.json](bench/results.json). Do not edit by hand: run it again.",
    "",
    ...(r.smoke
      ? ["> **Smoke run**: every measurement at a tiny size, to prove the benchmark works.", ""]
      : []),
    `Run ${r.date.slice(0, 16).replace("T", " ")} UTC.`,
    "",
    "## Targets",
    "",
    `${met} of ${checks.length} met.`,
    "",
    table(
      ["target", "measured", "met"],
      checks.map((t) => [t.goal, t.figure, t.met ? "yes" : "**no**"]),
      ["l", "l", "l"],
    ),
    "",
    ...gapSection(r),
    "## How it is measured",
    "",
    "- One server for everyone: `bench/server.ts`, in its own process on loopback, answers from",
    "  bytes serialized once: a DAG and pages of task instances shaped like Airflow 3.2's, with",
    "  every field filled in (`bench/payloads.ts`; about 1.3 KB per task instance). It keeps one",
    "  key order, as Airflow does; a second server shuffles each object's keys, as Prism does.",
    "- Every contender is bundled by esbuild into one module from its own sources (the peers'",
    "  code is generated from the 3.2.1 spec at bench time into the git-ignored `bench/.work/`,",
    "  and type-checked with `tsc`). airflowkit is bundled from the npm package the project",
    "  builds. The bundles are loaded by one runner process per runtime (Deno, and Node with the",
    "  same bundles), once with code generation from strings allowed and once forbidden",
    "  (`--disallow-code-generation-from-strings`, as in Cloudflare Workers).",
    "- Single calls: each contender makes one call in turn, the order rotating every round; the",
    "  figure is the median of every call after a warm-up tenth. Ratios are to raw fetch in the",
    "  same process.",
    "- Validation alone: the check of a freshly parsed 100-item page, in each runner.",
    "- Paging, start-up: on Deno, each in a fresh process per contender and run, alternating",
    "  contenders; medians over the runs.",
    "",
    "| contender | what it is |",
    "|---|---|",
    ...r.contenders.map((c) => `| ${c.label} | ${c.about} |`),
    "",
    "## Time per call",
    "",
  ];
  for (const runtime of ["deno", "node"]) {
    for (const codeGeneration of [true, false]) {
      lines.push(
        `### ${runtimeName(runtime)}, ${generation(codeGeneration)}`,
        "",
        callTable(
          r,
          runOf(r, runtime, codeGeneration, "fixed"),
          runOf(r, runtime, codeGeneration, "shuffled"),
        ),
        "",
      );
    }
  }
  lines.push(
    "## Validation alone",
    "",
    "The compiled check of a freshly parsed page of 100 task instances, once:",
    "",
    table(
      ["runtime", "code generation", "fixed keys", "shuffled keys"],
      r.runs.filter((run) => run.order === "fixed").map((run) => [
        runtimeName(run.runtime),
        run.codeGeneration ? "allowed" : "forbidden",
        us(run.validation.fixed),
        us(run.validation.shuffled),
      ]),
      ["l", "l", "r", "r"],
    ),
    "",
    ...stepsSection(r),
    "## Paging",
    "",
    `Every task instance of a run of ${
      (r.sizes.pagingItems as number).toLocaleString("en")
    }, a page of 100 at a time, on Deno:`,
    "",
    table(
      ["contender", "items/s", "peak RSS", "", "peak heap", ""],
      ids.map((id) => {
        const p = r.paging[id];
        return [
          label[id],
          Math.round(p.itemsPerSecond).toLocaleString("en"),
          mb(p.rssAtCheckpoint),
          mb(p.rssAtEnd),
          mb(p.heapAtCheckpoint),
          mb(p.heapAtEnd),
        ];
      }),
      ["l", "r", "r", "r", "r", "r"],
    ).replace("| peak RSS |  |", `| peak RSS, ${r.sizes.pagingCheckpoint} | at the end |`)
      .replace("| peak heap |  |", `| peak heap, ${r.sizes.pagingCheckpoint} | at the end |`),
    "",
    "## Start-up",
    "",
    "From importing the bundle to the end of the first call (one DAG), in a fresh Deno process:",
    "",
    table(
      ["contender", "time"],
      ids.map((id) => [label[id], `${r.startupMilliseconds[id].toFixed(1)} ms`]),
      ["l", "r"],
    ),
    "",
    "## Bundle size",
    "",
    "A Worker that gets one DAG, minified with esbuild:",
    "",
    table(
      ["program", "minified", "minified + gzip"],
      r.bundleSizes.map((s) => [s.label, kb(s.minified), kb(s.gzipped)]),
      ["l", "r", "r"],
    ),
    "",
    "airflowkit's programs of `deno task size`:",
    "",
    table(
      ["program", "minified", "minified + gzip", "target"],
      r.airflowkitSizes.map((s) => [
        s.program,
        kb(s.minified),
        kb(s.gzipped),
        SIZE_LIMITS[s.program] ? `at most ${kb(SIZE_LIMITS[s.program])}` : "",
      ]),
      ["l", "r", "r", "r"],
    ),
    "",
    "airflowkit carries its schemas and the checks compiled from them, which is what lets it",
    "refuse an answer that is not what the spec promises; the peers check nothing at run time.",
    "",
    ...floorNote(r.airflowkitSizes),
    ...mcpSection(r.mcpWorker),
    "## Machine",
    "",
    ...Object.entries(r.machine).map(([key, value]) => `- ${key}: ${value}`),
    "",
    "## Reproduce",
    "",
    "```sh",
    "npm install --prefix .tools",
    ".tools/node_modules/.bin/deno task bench",
    "```",
    "",
    "The first run installs the peers (`bench/peer_tools`, pinned) with npm. Loopback figures",
    "move by several percent between runs on a shared machine; compare ratios from one run.",
    "",
  );
  return lines.join("\n");
}
