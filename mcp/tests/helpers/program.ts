/**
 * The `airflowkit-mcp` program as its users start it, for the tests: over stdio through the
 * official SDK's client (which spawns it), or with `--http` as a child process whose first line
 * on standard error says where it listens.
 */
import assert from "node:assert/strict";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

/** How to start the program: a command and the arguments before the program's own. */
export interface Launcher {
  command: string;
  args: string[];
}

/** The program from source, on Deno, with code generation from strings forbidden. */
export const DENO_SOURCE: Launcher = {
  command: Deno.execPath(),
  args: [
    "run",
    "--allow-net=127.0.0.1",
    "--allow-env",
    "--v8-flags=--disallow-code-generation-from-strings",
    new URL("../../main.ts", import.meta.url).pathname,
  ],
};

/** What a child needs of this process's environment to run: where home, tools and caches are. */
function baseEnv(): Record<string, string> {
  const names = ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"];
  return Object.fromEntries(names.flatMap((name) => {
    const value = Deno.env.get(name);
    return value === undefined ? [] : [[name, value]];
  }));
}

/** A client over stdio, and what the server wrote to standard error. */
export interface StdioSession {
  client: Client;
  stderr(): string;
  close(): Promise<void>;
}

/** Spawns the program in stdio mode with `env` and connects the SDK's client to it. */
export async function connectStdio(
  launcher: Launcher,
  env: Record<string, string>,
): Promise<StdioSession> {
  const transport = new StdioClientTransport({
    command: launcher.command,
    args: launcher.args,
    env,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Uint8Array) => (stderr += new TextDecoder().decode(chunk)));
  const client = new Client({ name: "airflowkit-mcp-tests", version: "1.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** The program serving HTTP. */
export interface HttpProgram {
  /** The MCP endpoint it announced. */
  url: string;
  /** Stops it with SIGTERM; resolves with its exit code and everything it wrote to stderr. */
  stop(): Promise<{ code: number; stderr: string }>;
}

/** Spawns the program with `--http --port 0` and waits for the line saying where it listens. */
export async function startHttp(
  launcher: Launcher,
  env: Record<string, string>,
): Promise<HttpProgram> {
  const child = new Deno.Command(launcher.command, {
    args: [...launcher.args, "--http", "--port", "0"],
    env: { ...baseEnv(), ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let stderr = "";
  while (!/MCP at (\S+)/.test(stderr)) {
    const { value, done } = await reader.read();
    if (done) {
      const { code } = await child.status;
      throw new Error(`the program exited with ${code} before listening:\n${stderr}`);
    }
    stderr += value;
  }
  const url = stderr.match(/MCP at (\S+)/)![1];
  const rest = (async () => {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      stderr += chunk.value;
    }
  })();
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      const { code } = await child.status;
      await rest;
      return { code, stderr };
    },
  };
}

/** Runs the program to its end with `args` and `env`; gives its exit code and output. */
export async function runToEnd(
  launcher: Launcher,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(launcher.command, {
    args: [...launcher.args, ...args],
    env: { ...baseEnv(), ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

/** The tool names a client is offered. */
export async function toolNames(client: Client): Promise<string[]> {
  const { tools } = await client.listTools();
  return tools.map((tool: { name: string }) => tool.name);
}

/** Fails unless `text` holds none of `secrets`. */
export function assertNoSecrets(text: string, secrets: string[]): void {
  for (const secret of secrets) assert.ok(!text.includes(secret), "a secret was printed");
}
