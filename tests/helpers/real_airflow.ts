/**
 * The setup of the tests of where real Airflow differs from its specs: a fake of a given version,
 * a client on it that records the bodies it sends, and raw access.
 *
 * @module
 */
import { Airflow, type LogLine } from "../../mod.ts";
import {
  FakeAirflow,
  type FakeClock,
  type FakeDag,
  type FakeVersion,
  ManualClock,
} from "../../src/testing/mod.ts";

/** The Airflow 3 versions the fake plays. */
export const VERSIONS: FakeVersion[] = ["3.0.2", "3.1.8", "3.2.1"];
/** The fake's base URL. */
export const BASE = "http://airflow.fake";

/** DAGs whose runs show each fact. */
export const DAGS: FakeDag[] = [
  {
    dag_id: "etl",
    tasks: [
      { task_id: "extract", durationSeconds: 2, logs: ["fetching"], returns: "result_1" },
      { task_id: "load", durationSeconds: 2, logs: ["loading"], returns: { rows: 42 } },
      { task_id: "notify", durationSeconds: 2 },
    ],
  },
  {
    dag_id: "fails_once",
    tasks: [{ task_id: "work", durationSeconds: 2, failTries: 1 }, { task_id: "after" }],
  },
];

/** A fake of `version`, a client on it that records the bodies it sends, and raw access. */
export function setup<Clock extends FakeClock = ManualClock>(version: FakeVersion, given?: Clock) {
  const clock = given ?? new ManualClock(Date.UTC(2026, 10, 20, 10)) as unknown as Clock;
  const fake = new FakeAirflow({ version, clock, dags: DAGS });
  const bodies: { path: string; body: unknown }[] = [];
  const fetch = async (request: Request) => {
    const text = await request.clone().text();
    bodies.push({ path: new URL(request.url).pathname, body: text ? JSON.parse(text) : undefined });
    return await fake.fetch(request);
  };
  const airflow = new Airflow({ ...fake.clientOptions(), fetch });
  let token: string | undefined;
  const raw = async (path: string, init: RequestInit = {}) => {
    token ??= (await (await fake.fetch(`${BASE}/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "admin" }),
    })).json()).access_token;
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    if (init.body !== undefined) headers.set("content-type", "application/json");
    return await fake.fetch(`${BASE}${path}`, { ...init, headers });
  };
  return { fake, clock, airflow, raw, bodies };
}

/** Advances a manual clock a second at a time until `promise` settles. */
export async function drive<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(() => (settled = true), () => (settled = true));
  for (let i = 0; i < 600 && !settled; i++) await clock.advance(1000);
  return await promise;
}

/** The events of a log, in order. */
export async function events(lines: AsyncIterable<LogLine>): Promise<string[]> {
  const seen: string[] = [];
  for await (const line of lines) seen.push(line.event);
  return seen;
}

/** The objects of an NDJSON body. */
export function ndjsonLines(text: string): Record<string, unknown>[] {
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}
