/**
 * The {@link Io} of the running process, on Deno, Node and Bun alike through their `node:`
 * modules: the first Ctrl-C aborts `interrupt`, a second one exits at once.
 *
 * @module
 */
import process from "node:process";
import type { Input, Io, Output } from "./io.ts";
import { EXIT } from "./exit_codes.ts";

interface NodeStream {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

function output(stream: NodeStream): Output {
  return {
    write: (text) => void stream.write(text),
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.isTTY ? stream.columns : undefined;
    },
  };
}

/** Standard input read a line at a time, paused between reads so that it keeps no process alive. */
function input(): Input {
  const stdin = process.stdin;
  let buffered = "";
  let ended = false;
  const readLine = (echo: boolean) =>
    new Promise<string | undefined>((resolve, reject) => {
      const raw = !echo && stdin.isTTY === true;
      const finish = (line: string | undefined) => {
        stdin.off("data", onData);
        stdin.off("end", onEnd);
        stdin.off("error", reject);
        if (raw) stdin.setRawMode(false);
        stdin.pause();
        resolve(line);
      };
      const take = (): boolean => {
        const at = buffered.search(/\r?\n|\r/);
        if (at === -1) return false;
        const line = buffered.slice(0, at);
        buffered = buffered.slice(at + (buffered.startsWith("\r\n", at) ? 2 : 1));
        finish(line);
        return true;
      };
      const onData = (chunk: Uint8Array | string) => {
        const text = typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
        if (raw && text.includes("\u0003")) {
          finish(undefined);
          process.kill(process.pid, "SIGINT");
          return;
        }
        if (!raw) buffered += text;
        for (const char of raw ? text : "") {
          if (char === "\u007f" || char === "\b") buffered = buffered.slice(0, -1);
          else if (char === "\u0004") return onEnd();
          else buffered += char;
        }
        take();
      };
      const onEnd = () => {
        ended = true;
        const rest = buffered;
        buffered = "";
        finish(rest === "" ? undefined : rest);
      };
      if (take()) return;
      if (ended) return finish(undefined);
      if (raw) stdin.setRawMode(true);
      stdin.on("data", onData);
      stdin.on("end", onEnd);
      stdin.on("error", reject);
      stdin.resume();
    });
  return {
    get isTTY() {
      return stdin.isTTY === true;
    },
    readLine: () => readLine(true),
    readSecret: () => readLine(false),
  };
}

/** The process's {@link Io}; installs the Ctrl-C handler. */
export function processIo(): Io {
  const controller = new AbortController();
  process.on("SIGINT", () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort(new Error("interrupted"));
  });
  return {
    stdout: output(process.stdout),
    stderr: output(process.stderr),
    stdin: input(),
    env: process.env,
    interrupt: controller.signal,
    home: process.env.HOME || process.env.USERPROFILE || undefined,
  };
}
