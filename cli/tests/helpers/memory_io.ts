/**
 * An {@link Io} in memory, for running commands in the test process: what they write is kept,
 * standard input is given lines, and terminals are pretended where a test says so.
 */
import type { Io } from "../../src/io.ts";
import { run } from "../../src/program.ts";

/** How the pretended process looks. */
export interface MemoryIoOptions {
  env?: Record<string, string>;
  /** Lines standard input holds. */
  stdin?: string[];
  /** Pretend every stream is a terminal this many columns wide. */
  terminal?: number;
  home?: string;
}

/** The pretended process, and what was written. */
export interface MemoryIo extends Io {
  stdoutText(): string;
  stderrText(): string;
  /** Presses Ctrl-C. */
  interruptNow(): void;
}

/** A new in-memory process. */
export function memoryIo(options: MemoryIoOptions = {}): MemoryIo {
  let stdout = "";
  let stderr = "";
  const lines = [...(options.stdin ?? [])];
  const controller = new AbortController();
  const isTTY = options.terminal !== undefined;
  return {
    stdout: { write: (text) => void (stdout += text), isTTY, columns: options.terminal },
    stderr: { write: (text) => void (stderr += text), isTTY, columns: options.terminal },
    stdin: {
      isTTY,
      readLine: () => Promise.resolve(lines.shift()),
      readSecret: () => Promise.resolve(lines.shift()),
    },
    env: options.env ?? {},
    interrupt: controller.signal,
    home: options.home,
    stdoutText: () => stdout,
    stderrText: () => stderr,
    interruptNow: () => controller.abort(new Error("interrupted")),
  };
}

/** What a command line did in the test process. */
export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command line in the test process. */
export async function runIn(args: string[], options: MemoryIoOptions = {}): Promise<Outcome> {
  const io = memoryIo(options);
  const code = await run(args, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}
