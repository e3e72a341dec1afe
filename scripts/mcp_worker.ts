/**
 * The MCP server's Worker as a user deploys it, for its tests and the benchmark: the library's
 * and the MCP server's npm packages built, packed and installed into a fresh project (the MCP
 * SDK and zod from the registry), the `wrangler.toml` the package ships copied there, and the
 * module its `main` names bundled with esbuild as wrangler would; then served by `workerd`.
 *
 * @module
 */
import { buildNpm } from "./build_npm.ts";
import { buildMcpNpm } from "./build_npm_mcp.ts";
import { bundle } from "./esbuild.ts";
import { installPacked } from "./install_packed.ts";

const ROOT = new URL("../", import.meta.url);
const WORKERD = new URL(".tools/node_modules/.bin/workerd", ROOT).pathname;

/** A project with the packed MCP server installed and its Worker bundled. */
export interface McpProject {
  /** The project folder. */
  dir: string;
  /** The `main` of the shipped `wrangler.toml`, relative to the project. */
  main: string;
  /** The bundled Worker, in `dir`. */
  bundle: string;
  /** Its bytes. */
  code: Uint8Array<ArrayBuffer>;
}

/** The `main` that `wrangler.toml` names. */
export function wranglerMain(toml: string): string {
  const main = toml.match(/^main\s*=\s*"([^"]+)"/m)?.[1];
  if (!main) throw new Error("wrangler.toml names no main module");
  return main;
}

let project: Promise<McpProject> | undefined;

/**
 * Builds, packs and installs both packages and bundles the Worker, once per process.
 *
 * @param options `buildLibrary: false` packs the library's `npm/` as it is.
 */
export function mcpProject(options: { buildLibrary?: boolean } = {}): Promise<McpProject> {
  project ??= (async () => {
    if (options.buildLibrary !== false) await buildNpm();
    await buildMcpNpm({ buildLibrary: false });
    const { dir } = await installPacked(["npm", "mcp/npm"], "airflowkit-mcp-npm-", {
      name: "airflow-mcp-worker",
      private: true,
      type: "module",
    });
    const toml = await Deno.readTextFile(`${dir}/node_modules/@airflowkit/mcp/wrangler.toml`);
    await Deno.writeTextFile(`${dir}/wrangler.toml`, toml);
    const main = wranglerMain(toml);
    const code = await bundle(dir, main, "neutral");
    await Deno.writeFile(`${dir}/worker.bundle.js`, code);
    return { dir, main, bundle: "worker.bundle.js", code };
  })();
  return project;
}

/** One Worker that workerd serves: its port and its vars and secrets. */
export interface WorkerService {
  port: number;
  bindings: Record<string, string>;
}

/** A workerd config serving the bundle `module` (in workerd's folder) once per service. */
export function workerdConfig(module: string, services: WorkerService[]): string {
  const text = (value: string) => JSON.stringify(value);
  const workers = services.map((service, index) => `
const worker${index} :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed ${text(module)})],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
  bindings = [${
    Object.entries(service.bindings).map(([name, value]) =>
      `(name = ${text(name)}, text = ${text(value)})`
    )
      .join(", ")
  }],
);`);
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    ${
    services.map((_, index) => `(name = "worker${index}", worker = .worker${index}),`).join(
      "\n    ",
    )
  }
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [
    ${
    services.map((service, index) =>
      `(name = "http${index}", address = "127.0.0.1:${service.port}", http = (), service = "worker${index}"),`
    ).join("\n    ")
  }
  ],
);
${workers.join("\n")}
`;
}

/** A free port on loopback. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function listening(port: number, exited: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 600 && !exited(); attempt++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  throw new Error(`workerd is not listening on ${port}${exited() ? ": it exited" : ""}`);
}

/** A running workerd. */
export interface Workerd {
  /** Milliseconds from spawning it to its last socket accepting connections. */
  startMilliseconds: number;
  /** Stops it and returns what it wrote to standard error. */
  stop(): Promise<string>;
}

/**
 * Starts workerd in `dir` with `config` and waits until every service's port accepts
 * connections.
 */
export async function startWorkerd(dir: string, config: string, ports: number[]): Promise<Workerd> {
  const file = `workerd-${crypto.randomUUID()}.capnp`;
  await Deno.writeTextFile(`${dir}/${file}`, config);
  const started = performance.now();
  const child = new Deno.Command(WORKERD, {
    args: ["serve", file],
    cwd: dir,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let exited = false;
  const stderr = new Response(child.stderr).text();
  child.status.then(() => (exited = true));
  const stop = async () => {
    if (!exited) child.kill("SIGTERM");
    await child.status;
    await Deno.remove(`${dir}/${file}`).catch(() => {});
    return await stderr;
  };
  try {
    for (const port of ports) await listening(port, () => exited);
  } catch (error) {
    const log = await stop();
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  return { startMilliseconds: performance.now() - started, stop };
}
