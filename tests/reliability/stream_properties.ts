/**
 * Property-based tests of what streams: the line splitter, the NDJSON log reader and the `/wait`
 * stream give the same result however the body is cut into chunks.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { Airflow, type LogLine } from "../../mod.ts";
import { decodeResult } from "../../src/core/run_source.ts";
import { dagRun, json } from "../helpers/fake_fetch.ts";
import { ndjson } from "../helpers/streams.ts";
import type { ReliabilityReport } from "./report.ts";
import {
  BASE,
  chunksOf,
  ChunkTally,
  collectLines,
  counted,
  cutting,
  figures,
  joinLines,
  lineEnd,
  linesOfText,
  lineText,
  streamOf,
  unicodeChar,
} from "./arbitraries.ts";

export function registerLinesProperty(report: ReliabilityReport): void {
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

export function registerLogProperty(report: ReliabilityReport): void {
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

export function registerWaitProperty(report: ReliabilityReport): void {
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
