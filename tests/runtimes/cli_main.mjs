/**
 * Runs the smoke suite on Node or Bun with the package installed from its tarball, and prints
 * the report as JSON. Given a URL it uses that fake; without one it serves its own with
 * `fake.listen()` (Bun only: Node has no fetch-style server).
 *
 * @module
 */
import * as kit from "@airflowkit/client";
import { exampleDags, FakeAirflow, PacedClock } from "@airflowkit/client/testing";
import { runSmoke } from "./smoke.mjs";

const url = process.argv[2];
if (url) {
  console.log(JSON.stringify(await runSmoke(kit, url)));
} else {
  const fake = new FakeAirflow({ dags: exampleDags(), clock: new PacedClock({ pace: 20 }) });
  const server = await fake.listen();
  try {
    console.log(JSON.stringify({ ...(await runSmoke(kit, server.url)), served: server.url }));
  } finally {
    await server.close();
  }
}
