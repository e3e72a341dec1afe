/**
 * Property-based tests: ids of every kind round-trip, paging yields each item once, and the
 * streamed parsers do not care where the bytes were split. Each property runs with a fixed
 * seed, so a failure names a counterexample that reproduces.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { Airflow, type LogLine } from "../../mod.ts";
import { readLines } from "../../src/core/lines.ts";
import { decodeResult } from "../../src/core/run_source.ts";
import { FakeAirflow, ManualClock } from "../../src/testing/mod.ts";
import { dagRun, json } from "../helpers/fake_fetch.ts";
import { ndjson } from "../helpers/streams.ts";
import type { ReliabilityReport } from "./report.ts";

const BASE = "http://airflow.test";

/** Counts the requests a client sends through `inner`. */
function counted(inner: (request: Request) => Promise<Response>) {
  const counter = {
    requests: 0,
    fetch: (request: Request) => {
      counter.requests++;
      return inner(request);
    },
  };
  return counter;
}

function figures(cases: number, seed: number, requests?: number): string {
  const parts = [`${cases.toLocaleString("en")} cases`, `seed ${seed}`];
  if (requests !== undefined) parts.push(`${requests.toLocaleString("en")} requests`);
  return parts.join(", ");
}

function codePoint(min: number, max: number): fc.Arbitrary<string> {
  return fc.integer({ min, max }).map((point) => String.fromCodePoint(point));
}

/** A code point between U+0800 and U+FFFF that is not a surrogate: three UTF-8 bytes. */
const threeByteChar = fc.integer({ min: 0x800, max: 0xffff - 0x800 })
  .map((point) => String.fromCodePoint(point >= 0xd800 ? point + 0x800 : point));

/** Characters of one to four UTF-8 bytes, astral ones included. */
const unicodeChar = fc.oneof(
  codePoint(0x20, 0x7e),
  codePoint(0x80, 0x7ff),
  threeByteChar,
  codePoint(0x10000, 0x10ffff),
);

const URL_CHARS = ["+", "/", "%", "~", " ", "?", "#", "&", "=", ";", ":", "@", "\\", ".", "%2F"];

/**
 * DAG, run, task and XCom ids. Three ids cannot be read back and are left out: `~` alone means
 * "all" in Airflow's paths, and `.` and `..` alone are dot segments, which URL parsing removes
 * before any server sees the path.
 */
const anyId = fc.string({
  unit: fc.oneof(fc.constantFrom(...URL_CHARS), unicodeChar, fc.constantFrom("\t", "\n", "\0")),
  minLength: 1,
  maxLength: 16,
}).filter((id) => id !== "~" && id !== "." && id !== "..");

const idSets = fc.record({
  dag: anyId,
  run: anyId,
  task: anyId,
  key: anyId.filter((key) => key !== "return_value"),
});

type Ids = { dag: string; run: string; task: string; key: string };

const ID_FEATURES: [string, RegExp][] = [
  ["astral characters", /[\u{10000}-\u{10FFFF}]/u],
  ["`/`", /\//],
  ["`%`", /%/],
  ["`+`", /\+/],
  ["`?`", /\?/],
  ["`#`", /#/],
  ["spaces", / /],
];

/** How many id sets had each feature somewhere, as figures. */
function idCoverage(seen: Ids[]): string {
  return ID_FEATURES.map(([name, pattern]) => {
    const count = seen.filter((ids) => Object.values(ids).some((id) => pattern.test(id))).length;
    return `${name} in ${count}`;
  }).join(", ");
}

/** Seeds a fake with the ids, runs the DAG through the client and reads every id back. */
async function roundTrip(ids: Ids, overHttp: boolean): Promise<number> {
  const clock = new ManualClock();
  const returned = { ids: [ids.dag, ids.run, ids.task, ids.key] };
  const fake = new FakeAirflow({
    clock,
    dags: [{
      dag_id: ids.dag,
      tasks: [{ task_id: ids.task, durationSeconds: 1, logs: [ids.task], returns: returned }],
    }],
  });
  const server = overHttp ? await fake.listen({ port: 0 }) : undefined;
  const client = counted(server ? (request) => fetch(request) : fake.fetch);
  try {
    const airflow = new Airflow({
      ...fake.clientOptions(),
      baseUrl: server?.url ?? fake.baseUrl,
      fetch: client.fetch,
    });
    const triggered = await airflow.dagRuns.trigger(ids.dag, {
      dag_run_id: ids.run,
      logical_date: null,
    });
    assert.equal(triggered.dag_run_id, ids.run);
    await clock.advance(5_000);

    assert.equal((await airflow.dags.get(ids.dag)).dag_id, ids.dag);
    const run = await airflow.dagRuns.get(ids.dag, ids.run);
    assert.deepEqual([run.dag_id, run.dag_run_id, run.state], [ids.dag, ids.run, "success"]);
    const instance = await airflow.taskInstances.get(ids.dag, ids.run, ids.task);
    assert.deepEqual(
      [instance.dag_id, instance.dag_run_id, instance.task_id, instance.state],
      [ids.dag, ids.run, ids.task, "success"],
    );

    // Airflow 3 keeps and answers XCom values as the JSON text they were stored as.
    await airflow.xcoms.create(ids.dag, ids.run, ids.task, { key: ids.key, value: ids.key });
    const pushed = await airflow.xcoms.get(ids.dag, ids.run, ids.task, ids.key);
    assert.deepEqual(
      [pushed.dag_id, pushed.run_id, pushed.task_id, pushed.key, JSON.parse(String(pushed.value))],
      [ids.dag, ids.run, ids.task, ids.key, ids.key],
    );
    const value = await airflow.xcoms.get(ids.dag, ids.run, ids.task, "return_value");
    assert.deepEqual(JSON.parse(String(value.value)), returned);

    const waited = await airflow.dagRuns.wait(ids.dag, ids.run, { results: [ids.task] });
    assert.equal(waited.run.dag_run_id, ids.run);
    assert.deepEqual(waited.results, { [ids.task]: returned });

    const log = airflow.taskInstances.logs(ids.dag, ids.run, ids.task, 1);
    assert.equal((await log.next()).value?.event, "Starting attempt 1 of 1");
    assert.equal((await log.next()).value?.event, ids.task);
    await log.return();
  } finally {
    await server?.close();
  }
  return client.requests;
}

function registerIdProperty(
  report: ReliabilityReport,
  name: string,
  transport: { overHttp: boolean; seed: number; numRuns: number },
): void {
  report.test("properties", name, async () => {
    const seen: Ids[] = [];
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(idSets, async (ids) => {
        seen.push(ids);
        requests += await roundTrip(ids, transport.overHttp);
      }),
      { seed: transport.seed, numRuns: transport.numRuns },
    );
    return {
      subject: `random DAG, run, task and XCom ids (1-4 byte UTF-8 and astral characters, ` +
        `\`+ / % ~ ? # &\`, spaces, tabs, newlines, NUL) through trigger, get, XCom create and ` +
        `get, wait and logs, ${transport.overHttp ? "over loopback HTTP" : "in process"}`,
      behaviour: "every id read back equals the id sent; the run, its task instance, its " +
        "XComs, its /wait results and its log are all found under them",
      figures: `${figures(seen.length, transport.seed, requests)}; ids with ${idCoverage(seen)}`,
    };
  });
}

function variables(total: number): { key: string; value: string }[] {
  return Array.from({ length: total }, (_, index) => ({
    key: `var-${String(index).padStart(4, "0")}`,
    value: String(index),
  }));
}

const pagingCases = fc.record({
  total: fc.integer({ min: 0, max: 700 }),
  maximumPageLimit: fc.integer({ min: 1, max: 150 }),
  pageSize: fc.integer({ min: 1, max: 200 }),
  maxItems: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined }),
  offset: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined }),
});

type PagingCase = typeof pagingCases extends fc.Arbitrary<infer T> ? T : never;

/** Requests a pager that trusts `total_entries` needs: one per full page, one to see nothing. */
function fewestRequests(wanted: number, page: number, maxItems: number): number {
  if (wanted === 0) return maxItems === 0 ? 0 : 1;
  return Math.ceil(wanted / page);
}

/** What one paging case was like, to count the edge cases the run reached. */
interface PagingShape {
  requests: number;
  empty: boolean;
  endsOnFullPage: boolean;
  cappedByMaxItems: boolean;
}

async function checkPaging(paging: PagingCase): Promise<PagingShape> {
  const seeded = variables(paging.total);
  const fake = new FakeAirflow({
    variables: seeded,
    maximumPageLimit: paging.maximumPageLimit,
  });
  const client = counted(fake.fetch);
  let listRequests = 0;
  const airflow = new Airflow({
    ...fake.clientOptions(),
    fetch: (request) => {
      if (new URL(request.url).pathname === "/api/v2/variables") listRequests++;
      return client.fetch(request);
    },
  });
  const { pageSize, maxItems, offset } = paging;
  const start = offset ?? 0;
  const expected = seeded.map((variable) => variable.key)
    .slice(start, start + (maxItems ?? Infinity));
  const pageLength = Math.min(pageSize, paging.maximumPageLimit);
  const fewest = fewestRequests(expected.length, pageLength, maxItems ?? Infinity);

  const keys: string[] = [];
  for await (const variable of airflow.variables.list({ pageSize, maxItems, offset })) {
    keys.push(variable.key);
  }
  assert.deepEqual(keys, expected);
  assert.equal(listRequests, fewest, "requests of for await");

  listRequests = 0;
  const pages = [];
  for await (const page of airflow.variables.list({ pageSize, maxItems, offset }).pages()) {
    pages.push(page);
  }
  assert.deepEqual(pages.flatMap((page) => page.variables.map((item) => item.key)), expected);
  assert.ok(pages.every((page) => page.total_entries === paging.total), "total_entries");
  assert.ok(
    pages.slice(0, -1).every((page) => page.variables.length === pageLength),
    "every page but the last is full",
  );
  assert.equal(listRequests, fewest, "requests of pages()");
  return {
    requests: client.requests,
    empty: expected.length === 0,
    endsOnFullPage: expected.length > 0 && expected.length % pageLength === 0,
    cappedByMaxItems: start + expected.length < paging.total,
  };
}

function registerPagingProperty(report: ReliabilityReport): void {
  const seed = 20_261_120;
  const numRuns = 300;
  report.test("properties", "paging yields every item exactly once", async () => {
    const shapes: PagingShape[] = [];
    await fc.assert(
      fc.asyncProperty(pagingCases, async (paging) => {
        shapes.push(await checkPaging(paging));
      }),
      { seed, numRuns },
    );
    const count = (test: (shape: PagingShape) => boolean) => shapes.filter(test).length;
    const requests = shapes.reduce((sum, shape) => sum + shape.requests, 0);
    return {
      subject: "`for await` and `.pages()` over a stable list of 0-700 variables, with the " +
        "server's page limit 1-150, `pageSize` 1-200, and `maxItems` and `offset` 0-800 or unset",
      behaviour: "each expected item comes exactly once and in order, pages are full but the " +
        "last, and the requests are the fewest possible: none after `total_entries` is reached",
      figures: `${figures(shapes.length, seed, requests)}: ` +
        `${count((shape) => shape.empty)} with nothing to list, ` +
        `${count((shape) => shape.endsOnFullPage)} ending on a full page, ` +
        `${count((shape) => shape.cappedByMaxItems)} stopped by \`maxItems\``,
    };
  });
}

/** How a body is cut: into single bytes, or at positions picked from these numbers. */
const cutting = fc.oneof(
  { weight: 1, arbitrary: fc.constant("bytewise" as const) },
  { weight: 3, arbitrary: fc.array(fc.nat(), { maxLength: 24 }) },
);

type Cutting = typeof cutting extends fc.Arbitrary<infer T> ? T : never;

/** `bytes` in chunks cut as `cuts` says; repeated or end positions give empty chunks. */
function chunksOf(bytes: Uint8Array, cuts: Cutting): Uint8Array[] {
  if (cuts === "bytewise") return Array.from(bytes, (byte) => Uint8Array.of(byte));
  const positions = [0, ...cuts.map((cut) => cut % (bytes.length + 1)).sort((a, b) => a - b)];
  positions.push(bytes.length);
  return positions.slice(1).map((end, index) => bytes.slice(positions[index], end));
}

/** Chunks seen: how many, how many empty, how many beginning inside a UTF-8 character. */
class ChunkTally {
  chunks = 0;
  empty = 0;
  midCharacter = 0;

  add(chunks: Uint8Array[]): Uint8Array[] {
    this.chunks += chunks.length;
    this.empty += chunks.filter((chunk) => chunk.length === 0).length;
    this.midCharacter += chunks.filter((chunk) => (chunk[0] & 0xc0) === 0x80).length;
    return chunks;
  }

  toString(): string {
    return `${this.chunks.toLocaleString("en")} chunks (${this.empty.toLocaleString("en")} ` +
      `empty, ${this.midCharacter.toLocaleString("en")} starting inside a character)`;
  }
}

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]);
      else controller.close();
    },
  });
}

/** Characters that are easy to mishandle in a line: whitespace, controls, BOM, separators. */
const TRICKY_CHARS = [" ", "\t", "\r", "\0", "\uFEFF", "\u2028", "\u00A0", "\uFFFD", "\\", '"'];

const lineChar = fc.oneof(unicodeChar, fc.constantFrom(...TRICKY_CHARS));

/** A line's text: short, or now and then up to 10 000 characters. */
const lineText = fc.oneof(
  { weight: 20, arbitrary: fc.string({ unit: lineChar, maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.string({ unit: lineChar, minLength: 1, maxLength: 4 }), fc.nat(2_500))
      .map(([text, times]) => text.repeat(times)),
  },
);

const lineEnd = fc.constantFrom("\n", "\r\n");

/** Joins lines, each with its own ending; the last one may have none. */
function joinLines(lines: { text: string; end: string }[], trailing: boolean): string {
  return lines.map((line, index) =>
    `${line.text}${index < lines.length - 1 || trailing ? line.end : ""}`
  ).join("");
}

/** The body's lines as `Response.text()` and a split on `\n` give them, blank ones left out. */
function linesOfText(bytes: Uint8Array): string[] {
  return new TextDecoder().decode(bytes).split("\n")
    .map((line) => line.endsWith("\r") ? line.slice(0, -1) : line)
    .filter((line) => line.trim() !== "");
}

async function collectLines(chunks: Uint8Array[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLines(streamOf(chunks))) lines.push(line);
  return lines;
}

function registerLinesProperty(report: ReliabilityReport): void {
  const seed = 4_242;
  const numRuns = 3_000;
  report.test("properties", "the line splitter ignores chunk boundaries", async () => {
    let cases = 0;
    const chunks = new ChunkTally();
    const bodies = fc.record({
      lines: fc.array(fc.record({ text: lineText, end: lineEnd }), { maxLength: 12 }),
      trailing: fc.boolean(),
      cuts: cutting,
    });
    await fc.assert(
      fc.asyncProperty(bodies, async ({ lines, trailing, cuts }) => {
        cases++;
        const bytes = new TextEncoder().encode(joinLines(lines, trailing));
        const split = chunks.add(chunksOf(bytes, cuts));
        const whole = await collectLines([bytes]);
        assert.deepEqual(whole, linesOfText(bytes));
        assert.deepEqual(await collectLines(split), whole);
      }),
      { seed, numRuns },
    );
    return {
      subject: "`readLines` over random bodies (1-4 byte UTF-8 characters, `\\r\\n` and `\\n`, " +
        "blank lines, BOM, NUL, U+2028, lines up to 10 000 characters) cut at random byte " +
        "positions, mid-character included, or into single bytes, with empty chunks",
      behaviour: "the lines are the same for every cut, and the same as decoding the whole " +
        "body and splitting it on `\\n`",
      figures: `${figures(cases, seed)}, ${chunks}`,
    };
  });
}

/** A log line as the body carries it: structured, plain text, or blank. */
type LogEntry =
  | { kind: "structured"; line: LogLine }
  | { kind: "text"; text: string }
  | { kind: "blank"; text: string };

const logEntry: fc.Arbitrary<LogEntry> = fc.oneof(
  fc.record({
    event: lineText,
    level: fc.constantFrom("info", "warning", "error"),
    timestamp: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
    logger: fc.string({ unit: unicodeChar, maxLength: 12 }),
  }, { requiredKeys: ["event"], noNullPrototype: true }).map((line) => ({
    kind: "structured" as const,
    line,
  })),
  lineText
    .filter((text) =>
      text.trim() !== "" && !text.trimStart().startsWith("{") && !text.endsWith("\r")
    )
    .map((text) => ({ kind: "text" as const, text })),
  fc.constantFrom("", " ", "\t", "  \t ").map((text) => ({ kind: "blank" as const, text })),
);

function logBody(entries: { entry: LogEntry; end: string }[], trailing: boolean): Uint8Array {
  const lines = entries.map(({ entry, end }) => ({
    text: entry.kind === "structured" ? JSON.stringify(entry.line) : entry.text,
    end,
  }));
  return new TextEncoder().encode(joinLines(lines, trailing));
}

/** The lines written, as the client should give them; UTF-8 decoding drops a leading BOM. */
function expectedLog(entries: { entry: LogEntry }[]): LogLine[] {
  return entries.flatMap(({ entry }, index) => {
    if (entry.kind === "structured") return [entry.line];
    if (entry.kind === "blank") return [];
    const bom = index === 0 && entry.text.startsWith("\uFEFF");
    return [{ event: bom ? entry.text.slice(1) : entry.text }];
  });
}

async function readLog(chunks: Uint8Array[]): Promise<{ lines: LogLine[]; requests: number }> {
  const client = counted(() => Promise.resolve(ndjson(streamOf(chunks))));
  const airflow = new Airflow({ baseUrl: BASE, fetch: client.fetch });
  const lines: LogLine[] = [];
  for await (const line of airflow.taskInstances.logs("etl", "run", "extract", 1)) {
    lines.push(line);
  }
  return { lines, requests: client.requests };
}

function registerLogProperty(report: ReliabilityReport): void {
  const seed = 1_729;
  const numRuns = 500;
  report.test("properties", "log lines do not depend on how the body is chunked", async () => {
    let cases = 0;
    let requests = 0;
    const chunks = new ChunkTally();
    const logs = fc.record({
      entries: fc.array(fc.record({ entry: logEntry, end: lineEnd }), { maxLength: 15 }),
      trailing: fc.boolean(),
      cuts: cutting,
    });
    await fc.assert(
      fc.asyncProperty(logs, async ({ entries, trailing, cuts }) => {
        cases++;
        const bytes = logBody(entries, trailing);
        const whole = await readLog([bytes]);
        const split = await readLog(chunks.add(chunksOf(bytes, cuts)));
        requests += whole.requests + split.requests;
        assert.deepEqual(whole.lines, expectedLog(entries));
        assert.deepEqual(split.lines, whole.lines);
      }),
      { seed, numRuns },
    );
    return {
      subject: "`taskInstances.logs` reading an NDJSON log body of random structured, " +
        "plain-text and blank lines (the characters of the line splitter's test), cut at " +
        "random byte positions or into single bytes",
      behaviour: "the lines are those of the unsplit body, which are the lines written: JSON " +
        "lines as sent, text lines as `{ event }`, blank lines skipped",
      figures: `${figures(cases, seed, requests)}, ${chunks}`,
    };
  });
}

/** A line of the /wait stream before the run finishes. */
const pendingState = fc.constantFrom("queued", "running");

const finalLine = fc.record({
  state: fc.constantFrom("success", "failed"),
  results: fc.option(
    fc.dictionary(fc.string({ unit: unicodeChar, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
    { nil: undefined },
  ),
});

const waitStreams = fc.record({
  states: fc.array(pendingState, { maxLength: 12 }),
  final: fc.option(finalLine, { nil: undefined }),
  after: fc.array(pendingState, { maxLength: 2 }),
  blanks: fc.array(fc.nat(), { maxLength: 6 }),
  ends: fc.array(lineEnd, { minLength: 20, maxLength: 20 }),
  trailing: fc.boolean(),
  cuts: cutting,
});

type WaitStream = typeof waitStreams extends fc.Arbitrary<infer T> ? T : never;

function waitBody(stream: WaitStream): Uint8Array {
  const texts = stream.states.map((state) => JSON.stringify({ state }));
  if (stream.final) texts.push(JSON.stringify(stream.final));
  texts.push(...stream.after.map((state) => JSON.stringify({ state })));
  for (const blank of stream.blanks) texts.splice(blank % (texts.length + 1), 0, "");
  const lines = texts.map((text, index) => ({
    text,
    end: stream.ends[index % stream.ends.length],
  }));
  return new TextEncoder().encode(joinLines(lines, stream.trailing));
}

/** The steps `watch` should yield: each change of state, then the final state and results. */
function expectedSteps(stream: WaitStream): unknown[] {
  const steps: unknown[] = [];
  const sent = stream.final ? stream.states : [...stream.states, ...stream.after];
  for (const state of sent) {
    if (steps.length === 0 || (steps.at(-1) as { state: string }).state !== state) {
      steps.push({ finished: false, state });
    }
  }
  const results: Record<string, unknown> = {};
  for (const key of askedFor(stream)) {
    Object.defineProperty(results, key, {
      value: decodeResult(stream.final!.results![key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  steps.push({
    finished: true,
    state: finalState(stream),
    runId: "run",
    results: JSON.parse(JSON.stringify(results)),
  });
  return steps;
}

/** How the run finishes: as the final line says, or `success` when the stream has none. */
function finalState(stream: WaitStream): string {
  return stream.final?.state ?? "success";
}

/** The task ids a test asks the results of: those of the final line (a task id is not empty). */
function askedFor(stream: WaitStream): string[] {
  return Object.keys(stream.final?.results ?? {}).filter((key) => key !== "");
}

/** A server whose /wait stream is `chunks`, and whose run has finished as `state`. */
function waitClient(chunks: Uint8Array[], state: string) {
  const client = counted((request) =>
    Promise.resolve(
      new URL(request.url).pathname.endsWith("/wait")
        ? ndjson(streamOf(chunks))
        : json(dagRun("etl", "run", state)),
    )
  );
  return { client, airflow: new Airflow({ baseUrl: BASE, fetch: client.fetch }) };
}

async function watchSteps(
  chunks: Uint8Array[],
  stream: WaitStream,
): Promise<{ steps: unknown[]; requests: number }> {
  const { client, airflow } = waitClient(chunks, finalState(stream));
  const results = askedFor(stream);
  const steps: unknown[] = [];
  for await (const step of airflow.dagRuns.watch("etl", "run", { results })) {
    steps.push(
      step.finished
        ? { finished: true, state: step.state, runId: step.run.dag_run_id, results: step.results }
        : step,
    );
  }
  return { steps, requests: client.requests };
}

function registerWaitProperty(report: ReliabilityReport): void {
  const seed = 31_415;
  const numRuns = 500;
  report.test("properties", "the /wait stream does not depend on chunking", async () => {
    let cases = 0;
    let requests = 0;
    const tally = new ChunkTally();
    await fc.assert(
      fc.asyncProperty(waitStreams, async (stream) => {
        cases++;
        const bytes = waitBody(stream);
        const chunks = tally.add(chunksOf(bytes, stream.cuts));
        const whole = await watchSteps([bytes], stream);
        const split = await watchSteps(chunks, stream);
        assert.deepEqual(whole.steps, expectedSteps(stream));
        assert.deepEqual(split.steps, whole.steps);

        const { client, airflow } = waitClient(chunks, finalState(stream));
        const waited = await airflow.dagRuns.wait("etl", "run", { results: askedFor(stream) });
        const last = whole.steps.at(-1) as { results: unknown };
        assert.deepEqual(waited.results, last.results);
        requests += whole.requests + split.requests + client.requests;
      }),
      { seed, numRuns },
    );
    return {
      subject: "`dagRuns.watch` and `dagRuns.wait` reading a /wait NDJSON stream of random " +
        "states, blank lines, a final line with random JSON results or none, cut at random " +
        "byte positions or into single bytes",
      behaviour: "the steps and results are those of the unsplit stream, which are the state " +
        "changes sent, then the final state and the results asked for, decoded from the JSON " +
        "text Airflow sends (or the polled run when none came)",
      figures: `${figures(cases, seed, requests)}, ${tally}`,
    };
  });
}

/** Registers the property-based tests on `report`. */
export function register(report: ReliabilityReport): void {
  registerIdProperty(report, "ids round-trip through the fake in process", {
    overHttp: false,
    seed: 7,
    numRuns: 300,
  });
  registerIdProperty(report, "ids round-trip through the fake over HTTP", {
    overHttp: true,
    seed: 8,
    numRuns: 60,
  });
  registerPagingProperty(report);
  registerLinesProperty(report);
  registerLogProperty(report);
  registerWaitProperty(report);
}
