/**
 * Gets a DAG many times with one long-lived abort signal, as a service that passes its shutdown
 * signal to every call does, and prints as JSON the JS heap after GC once warmed up and at the
 * end. Run with `node --expose-gc` on the package installed from its tarball, given the URL of
 * a fake Airflow.
 *
 * @module
 */
import { Airflow } from "@airflowkit/client";

const [url, dagId, count] = process.argv.slice(2);
const airflow = new Airflow({ baseUrl: url, auth: { username: "admin", password: "admin" } });
const shutdown = new AbortController();

async function calls(n) {
  for (let i = 0; i < n; i++) await airflow.dags.get(dagId, { signal: shutdown.signal });
}

async function heapAfterGc() {
  // Finalizers run between turns of the event loop, so GC is asked for over a few of them.
  for (let turn = 0; turn < 5; turn++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return process.memoryUsage().heapUsed;
}

await calls(2_000);
const warm = await heapAfterGc();
await calls(Number(count));
console.log(JSON.stringify({ warm, end: await heapAfterGc() }));
