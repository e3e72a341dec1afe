import assert from "node:assert/strict";
import { AirflowError } from "../mod.ts";
import { readLines } from "../src/core/lines.ts";
import { controlledStream } from "./helpers/streams.ts";

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function collect(chunks: Uint8Array[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLines(streamOf(chunks))) lines.push(line);
  return lines;
}

const TEXT = '{"event":"naïve café ☕ 𝄞"}\r\n\n{"event":"日本語"}\nplain 🎉 tail';
const EXPECTED = ['{"event":"naïve café ☕ 𝄞"}', '{"event":"日本語"}', "plain 🎉 tail"];

Deno.test("lines split at every byte, mid-UTF-8 character included, read back intact", async () => {
  const bytes = new TextEncoder().encode(TEXT);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const lines = await collect([bytes.subarray(0, cut), bytes.subarray(cut)]);
    assert.deepEqual(lines, EXPECTED, `split at byte ${cut}`);
  }
  for (let cut = 1; cut < bytes.length; cut++) {
    const parts = [];
    for (let offset = 0; offset < bytes.length; offset += cut) {
      parts.push(bytes.subarray(offset, offset + cut));
    }
    assert.deepEqual(await collect(parts), EXPECTED, `chunks of ${cut} bytes`);
  }
});

Deno.test("a line longer than maxLineBytes fails the read and cancels the body", async () => {
  const body = controlledStream();
  body.push("x".repeat(100));
  const lines = readLines(body.stream, { maxLineBytes: 64 });
  await assert.rejects(
    lines.next(),
    (error) => error instanceof AirflowError && /64 bytes/.test(error.message),
  );
  await body.cancelled;
});

Deno.test("leaving the loop early or aborting cancels the body at once", async () => {
  const early = controlledStream();
  early.push("one\ntwo\n");
  for await (const line of readLines(early.stream)) {
    assert.equal(line, "one");
    break;
  }
  await early.cancelled;

  const aborted = controlledStream();
  const controller = new AbortController();
  const lines = readLines(aborted.stream, { signal: controller.signal });
  aborted.push("one\n");
  assert.equal((await lines.next()).value, "one");
  const pending = lines.next();
  controller.abort(new Error("stop"));
  await assert.rejects(pending, /stop/);
  await aborted.cancelled;
});

Deno.test("aborting while the consumer holds a line cancels the body without another read", async () => {
  const body = controlledStream();
  const controller = new AbortController();
  const lines = readLines(body.stream, { signal: controller.signal });
  body.push("one\n");
  assert.equal((await lines.next()).value, "one");
  controller.abort(new Error("shutting down"));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(body.isCancelled, true, "the body was cancelled with no read pending");
  await assert.rejects(lines.next(), /shutting down/);
});
