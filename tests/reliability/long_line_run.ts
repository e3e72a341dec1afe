/**
 * Run by `byte_bounds.ts` in a process of its own (it needs `--v8-flags=--expose-gc`): feeds
 * the line reader a 1 MiB line one byte per chunk and prints, as JSON, how much memory the
 * reader held after garbage collection with the line still open, and the line it yielded.
 */
import { readLines } from "../../src/core/lines.ts";

const LINE_BYTES = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --v8-flags=--expose-gc");

function heldBytes(): number {
  for (let round = 0; round < 3; round++) gc!();
  const { heapUsed, external } = Deno.memoryUsage();
  return heapUsed + external;
}

let sent = 0;
let baseline = 0;
let held = 0;
const body = new ReadableStream<Uint8Array>({
  pull(controller) {
    if (sent === 0) baseline = heldBytes();
    if (sent < LINE_BYTES) {
      controller.enqueue(new Uint8Array([0x61]));
      sent++;
      return;
    }
    held = heldBytes() - baseline;
    controller.enqueue(new Uint8Array([0x0a]));
    controller.close();
  },
});
let yielded = 0;
for await (const line of readLines(body)) yielded = line.length;
console.log(JSON.stringify({ lineBytes: LINE_BYTES, chunks: sent + 1, held, yielded }));
