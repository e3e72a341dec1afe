/**
 * Serves the fake Airflow with its example set on a loopback port, its clock running `pace`
 * times faster than real time.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 scripts/fake_airflow.ts [--port 8080] [--pace 10]
 * ```
 *
 * @module
 */
import { exampleSeed, FakeAirflow, PacedClock } from "../src/testing/mod.ts";

function option(name: string, fallback: number): number {
  const index = Deno.args.indexOf(`--${name}`);
  const inline = Deno.args.find((arg) => arg.startsWith(`--${name}=`));
  const text = inline ? inline.slice(name.length + 3) : index >= 0 ? Deno.args[index + 1] : "";
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name} must be a non-negative number, got ${JSON.stringify(text)}`);
    Deno.exit(2);
  }
  return value;
}

const port = option("port", 8080);
const pace = option("pace", 10);
const seed = exampleSeed();
const fake = new FakeAirflow({ ...seed, clock: new PacedClock({ pace }) });
const server = await fake.listen({ port });
const { auth } = fake.clientOptions();
console.log(`Fake Airflow ${server.url} (API under ${server.url}/api/v2)`);
console.log(`Credentials: ${auth.username} / ${auth.password}`);
console.log(`Clock pace: ${pace}x; ${seed.dags.length} example DAGs. Stop with Ctrl-C.`);
Deno.addSignalListener("SIGINT", async () => {
  await server.close();
  Deno.exit(0);
});
