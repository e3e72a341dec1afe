/** `--help` for every command: usage, a description and examples, on standard output, exit 0. */
import assert from "node:assert/strict";
import type { Command } from "commander";
import { buildProgram } from "../src/program.ts";
import { memoryIo, runIn } from "./helpers/memory_io.ts";

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((child) => {
    const path = [...prefix, child.name()];
    return child.commands.length ? commandPaths(child, path) : [path];
  });
}

const PATHS = commandPaths(buildProgram(memoryIo(), () => {}));

Deno.test("every command is listed", () => {
  assert.deepEqual(PATHS.map((path) => path.join(" ")).sort(), [
    "dags list",
    "dags pause",
    "dags unpause",
    "logs",
    "profiles delete",
    "profiles list",
    "profiles set",
    "runs list",
    "runs trigger",
    "runs wait",
    "tasks clear",
    "tasks list",
    "vars delete",
    "vars get",
    "vars list",
    "vars set",
    "version",
  ]);
});

Deno.test("--help of every command shows its usage and examples", async () => {
  for (const path of PATHS) {
    const { code, stdout, stderr } = await runIn([...path, "--help"]);
    assert.equal(code, 0, `${path.join(" ")}: ${stderr}`);
    assert.match(
      stdout,
      new RegExp(`^Usage: airflowkit ${path.join(" ")}(\\|\\w+)? `),
      path.join(" "),
    );
    assert.match(stdout, /\nExamples:\n {2}\$ airflowkit /, path.join(" "));
    assert.equal(stderr, "");
  }
});

Deno.test("--help of the program and of each group lists what is there, with the exit codes", async () => {
  const main = await runIn(["--help"]);
  assert.equal(main.code, 0);
  for (const group of ["dags", "runs", "tasks", "logs", "vars", "profiles", "version"]) {
    assert.match(main.stdout, new RegExp(`^ {2}${group}\\b`, "m"));
  }
  assert.match(main.stdout, /Exit codes:\n {2}0 done {3}1 the run failed {3}2 usage error/);
  const runs = await runIn(["help", "runs"]);
  assert.match(runs.stdout, /^ {2}trigger \[options\] <dag_id>/m);
  const bare = await runIn([]);
  assert.equal(bare.code, 2, "no command is a usage error");
  assert.match(bare.stderr, /^Usage: airflowkit/);
});

Deno.test("the CLI's version is the one in cli/deno.json", async () => {
  const deno = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  const { stdout } = await runIn(["--version"]);
  assert.equal(stdout.trim(), deno.version);
});
