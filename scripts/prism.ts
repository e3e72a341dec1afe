/**
 * Starts Prism (from `.tools/`) serving one of the shared OpenAPI specs on a free loopback port.
 *
 * @module
 */
import { parse } from "yaml";

/** A running Prism mock server. */
export interface PrismServer {
  /** Base URL, such as `http://127.0.0.1:4123`. */
  url: string;
  /** Stops the server and waits for it to exit. */
  close(): Promise<void>;
}

const PRISM = new URL("../.tools/node_modules/@stoplight/prism-cli/dist/index.js", import.meta.url)
  .pathname;

/**
 * Starts Prism on `specFile`; with `dynamic`, answers are random data that fits the schemas.
 *
 * Prism's random data generator cannot build OpenAPI 3.1 tuples (`prefixItems`) and answers 500
 * for any response that holds one, so in dynamic mode Prism gets a copy of the spec where each
 * tuple is also written in the older form (`items` as a list) that its generator knows. Nothing
 * else differs; requests are still checked against the spec as published.
 */
export async function startPrism(specFile: string, dynamic: boolean): Promise<PrismServer> {
  const served = dynamic ? await withLegacyTuples(specFile) : specFile;
  const port = freePort();
  const args = [PRISM, "mock", "--host", "127.0.0.1", "--port", String(port), "--errors=false"];
  if (dynamic) args.push("--dynamic");
  args.push(served);
  const child = new Deno.Command("node", { args, stdout: "piped", stderr: "piped" }).spawn();
  const output: string[] = [];
  const ready = watchFor(child.stdout, output, "Prism is listening");
  const errors = drain(child.stderr, output);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Prism did not start:\n${output.join("")}`)), 60_000);
  });
  try {
    await Promise.race([ready, timeout]);
  } catch (error) {
    child.kill();
    await child.status;
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      child.kill();
      await child.status;
      await errors;
      if (served !== specFile) await Deno.remove(served);
    },
  };
}

async function withLegacyTuples(specFile: string): Promise<string> {
  const document = parse(await Deno.readTextFile(specFile));
  const rewrite = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(rewrite);
    if (node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (Array.isArray(record.prefixItems) && record.items === undefined) {
      record.items = record.prefixItems;
    }
    Object.values(record).forEach(rewrite);
  };
  rewrite(document);
  const file = await Deno.makeTempFile({ prefix: "airflowkit-prism-", suffix: ".json" });
  await Deno.writeTextFile(file, JSON.stringify(document));
  return file;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function watchFor(
  stream: ReadableStream<Uint8Array>,
  output: string[],
  marker: string,
): Promise<void> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`Prism exited:\n${output.join("")}`);
    output.push(value);
    seen += value;
    if (seen.includes(marker)) break;
    seen = seen.slice(-marker.length);
  }
  // Keep reading so the child never blocks on a full pipe.
  (async () => {
    while (!(await reader.read()).done) { /* discard */ }
  })();
}

async function drain(stream: ReadableStream<Uint8Array>, output: string[]): Promise<void> {
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) output.push(chunk);
}
