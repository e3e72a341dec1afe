/**
 * The soak run, executed by `soak.ts` in a child process of its own so that the memory it
 * measures is its own: 100,000 calls through the client against the fake Airflow, 5% of the
 * requests faulted, 32 calls in flight. Prints one JSON line, a {@link SoakSummary}.
 *
 * Needs `--v8-flags=--expose-gc` and no permissions.
 *
 * @module
 */
import { Airflow, AirflowError } from "../../mod.ts";
import { exampleDags, FakeAirflow, type FakeRun, ManualClock } from "../../src/testing/mod.ts";

const CALLS = 100_000;
const FIRST_CALLS = 10_000;
const CONCURRENCY = 32;
const FAULT_RATE = 0.05;
const SEED = 20261120;
const TIMEOUT_MS = 100;
const MAX_RETRIES = 1;
const MAX_RETRY_DELAY_MS = 10;
/** Far beyond what one call may take: two attempts of TIMEOUT_MS and a short backoff. */
const WATCHDOG_MS = 5_000;
/** How often a call names a DAG, run, variable or pool that does not exist: a 404. */
const MISSING_RATE = 0.05;

/** Process memory after garbage collection, in bytes. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
}

/** What the run prints. */
export interface SoakSummary {
  calls: number;
  succeeded: number;
  /** Calls that rejected with an `AirflowError`, by class name. */
  failed: Record<string, number>;
  /** Calls that rejected with anything else, by what was thrown. */
  untyped: Record<string, number>;
  /** Calls still unsettled when their watchdog fired. */
  hangs: number;
  /** Requests that reached the faulty fetch: first attempts, retries and token mints. */
  requests: number;
  /** Requests that were sent again after a failed attempt. */
  retries: number;
  tokenMints: number;
  /** Faults injected, by kind. */
  faults: Record<string, number>;
  /** Stalled bodies and unanswered requests whose signal never aborted. */
  leftPending: number;
  wallMs: number;
  memory: { afterFirst: MemorySample; atEnd: MemorySample; firstCalls: number };
  settings: {
    concurrency: number;
    faultRate: number;
    seed: number;
    timeoutMs: number;
    maxRetries: number;
    watchdogMs: number;
  };
}

/** Mulberry32: a small seeded PRNG, uniform in [0, 1). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

type Fault = (request: Request, answer: () => Promise<Response>) => Promise<Response>;

/** Requests a fault holds open; each is released when its request's signal aborts. */
const pending = new Set<(reason: unknown) => void>();

/** Calls `release` with the abort reason once `signal` aborts, as a real fetch would. */
function holdUntilAborted(signal: AbortSignal, release: (reason: unknown) => void): void {
  if (signal.aborted) return release(signal.reason);
  const once = (reason: unknown) => {
    pending.delete(once);
    release(reason);
  };
  pending.add(once);
  signal.addEventListener("abort", () => once(signal.reason), { once: true });
}

function jsonError(status: number, detail: string): Response {
  return new Response(JSON.stringify({ detail }), {
    status,
    headers: { "content-type": "application/json", "retry-after": "0" },
  });
}

/** The real answer's status and headers with its body cut in half, then `end` on the stream. */
async function halfBody(
  answer: Response,
  end: (controller: ReadableStreamDefaultController<Uint8Array>) => void,
): Promise<Response> {
  const bytes = new Uint8Array(await answer.arrayBuffer());
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.slice(0, bytes.length >> 1));
      end(controller);
    },
  });
  return new Response(body, { status: answer.status, headers: answer.headers });
}

const FAULTS: Record<string, Fault> = {
  "503 with Retry-After: 0": () => Promise.resolve(jsonError(503, "Service Unavailable")),
  "429 with Retry-After: 0": () => Promise.resolve(jsonError(429, "Too Many Requests")),
  "502 HTML page": () =>
    Promise.resolve(
      new Response("<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>", {
        status: 502,
        headers: { "content-type": "text/html" },
      }),
    ),
  "connection refused": () =>
    Promise.reject(new TypeError("error sending request: Connection refused (os error 111)")),
  "body errors mid-way": async (_, answer) =>
    halfBody(await answer(), (controller) => {
      controller.error(new TypeError("error reading a body from connection: connection reset"));
    }),
  "truncated JSON body": async (_, answer) => {
    const real = await answer();
    const text = await real.text();
    return new Response(text.slice(0, text.length >> 1), real);
  },
  "empty 200 body": () =>
    Promise.resolve(new Response("", { headers: { "content-type": "application/json" } })),
  "body stalls mid-way": async (request, answer) =>
    halfBody(await answer(), (controller) => {
      holdUntilAborted(request.signal, (reason) => controller.error(reason));
    }),
  "no answer": (request) => new Promise((_, reject) => holdUntilAborted(request.signal, reject)),
};

/** Outcomes of the calls, filled in as they settle. */
interface Tally {
  succeeded: number;
  failed: Record<string, number>;
  untyped: Record<string, number>;
  hangs: number;
}

function count(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function seedRuns(clock: ManualClock, dagIds: string[]): FakeRun[] {
  return dagIds.flatMap((dag_id) =>
    [1, 2, 3].map((hoursAgo) => ({
      dag_id,
      dag_run_id: `soak_${hoursAgo}`,
      triggeredAt: new Date(clock.now() - hoursAgo * 3_600_000),
    }))
  );
}

async function main(): Promise<SoakSummary> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --v8-flags=--expose-gc");

  const clock = new ManualClock();
  const dags = exampleDags();
  const dagIds = dags.map((dag) => dag.dag_id);
  const variableKeys = ["region", "warehouse", "batch_size"];
  const fake = new FakeAirflow({
    clock,
    dags,
    runs: seedRuns(clock, dagIds),
    variables: variableKeys.map((key, index) => ({ key, value: `value ${index}` })),
    pools: [{ name: "db", slots: 4 }],
  });

  const faultRandom = prng(SEED);
  const faultKinds = Object.keys(FAULTS);
  const faults: Record<string, number> = Object.fromEntries(faultKinds.map((kind) => [kind, 0]));
  let requests = 0;
  let tokenMints = 0;
  const faulty = (request: Request): Promise<Response> => {
    requests++;
    if (new URL(request.url).pathname === "/auth/token") tokenMints++;
    const answer = () => fake.fetch(request);
    if (faultRandom() >= FAULT_RATE) return answer();
    const kind = faultKinds[Math.floor(faultRandom() * faultKinds.length)];
    faults[kind]++;
    return FAULTS[kind](request, answer);
  };
  const airflow = new Airflow({
    ...fake.clientOptions(),
    fetch: faulty,
    timeout: TIMEOUT_MS,
    maxRetries: MAX_RETRIES,
    maxRetryDelay: MAX_RETRY_DELAY_MS,
  });

  const callRandom = prng(SEED + 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(callRandom() * items.length)];
  const orMissing = (names: readonly string[]) =>
    callRandom() < MISSING_RATE ? "no_such_name" : pick(names);
  const runIds = ["soak_1", "soak_2", "soak_3"];
  const operations: (() => Promise<unknown>)[] = [
    () => airflow.dags.get(orMissing(dagIds)),
    () => airflow.dags.list({ pageSize: 5 }).firstPage(),
    () => airflow.dagRuns.list(pick(dagIds), { pageSize: 2 }).firstPage(),
    () => airflow.variables.get(orMissing(variableKeys)),
    () => airflow.taskInstances.list(pick(dagIds), orMissing(runIds)).firstPage(),
    () => airflow.pools.get(orMissing(["default_pool", "db"])),
  ];

  const tally: Tally = { succeeded: 0, failed: {}, untyped: {}, hangs: 0 };
  const started = performance.now();
  await runCalls(FIRST_CALLS, () => pick(operations)(), tally);
  const afterFirst = await memoryAfterGc(gc);
  await runCalls(CALLS - FIRST_CALLS, () => pick(operations)(), tally);
  const atEnd = await memoryAfterGc(gc);
  const wallMs = Math.round(performance.now() - started);

  const leftPending = pending.size;
  for (const release of pending) release(new Error("released at the end of the soak"));

  const calls = tally.succeeded + sum(tally.failed) + sum(tally.untyped) + tally.hangs;
  return {
    calls,
    ...tally,
    requests,
    retries: requests - calls - tokenMints,
    tokenMints,
    faults,
    leftPending,
    wallMs,
    memory: { afterFirst, atEnd, firstCalls: FIRST_CALLS },
    settings: {
      concurrency: CONCURRENCY,
      faultRate: FAULT_RATE,
      seed: SEED,
      timeoutMs: TIMEOUT_MS,
      maxRetries: MAX_RETRIES,
      watchdogMs: WATCHDOG_MS,
    },
  };
}

/** Makes `total` calls, CONCURRENCY at a time, and waits for the last one to settle. */
async function runCalls(total: number, call: () => Promise<unknown>, tally: Tally): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await settle(call, tally);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function settle(call: () => Promise<unknown>, tally: Tally): Promise<void> {
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<"hang">((resolve) => {
    watchdog = setTimeout(() => resolve("hang"), WATCHDOG_MS);
  });
  try {
    const outcome = await Promise.race([call().then(() => "ok" as const), hang]);
    if (outcome === "hang") tally.hangs++;
    else tally.succeeded++;
  } catch (error) {
    if (error instanceof AirflowError) count(tally.failed, error.constructor.name);
    else {count(
        tally.untyped,
        error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      );}
  } finally {
    clearTimeout(watchdog);
  }
}

async function memoryAfterGc(gc: () => void): Promise<MemorySample> {
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const { rss, heapUsed } = Deno.memoryUsage();
  return { rss, heapUsed };
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, n) => total + n, 0);
}

if (import.meta.main) console.log(JSON.stringify(await main()));
