/**
 * The CLI's npm package as `npx` and `bunx` get it: built by scripts/build_npm_cli.ts, packed,
 * installed with the library's tarball into a new project, and run by Node and by Bun.
 */
import assert from "node:assert/strict";
import { buildCliNpm } from "../../scripts/build_npm_cli.ts";
import { installPacked } from "../../scripts/install_packed.ts";
import { run, TOOLS } from "../../tests/helpers/package_project.ts";

async function installed(): Promise<string> {
  await buildCliNpm();
  const { dir } = await installPacked(["npm", "cli/npm"], "airflowkit-cli-npm-", {
    name: "cli-user",
    private: true,
  });
  return dir;
}

Deno.test("the npm package: a bin with a shebang, two dependencies, and it runs on Node and Bun", async () => {
  const dir = await installed();
  try {
    const manifest = JSON.parse(
      await Deno.readTextFile(`${dir}/node_modules/@airflowkit/cli/package.json`),
    );
    const deno = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
    assert.equal(manifest.name, deno.name);
    assert.equal(manifest.version, deno.version);
    assert.deepEqual(manifest.bin, { airflowkit: "bin/airflowkit.js" });
    assert.deepEqual(Object.keys(manifest.dependencies).sort(), [
      "@airflowkit/client",
      "commander",
    ]);
    const bin = await Deno.readTextFile(`${dir}/node_modules/@airflowkit/cli/bin/airflowkit.js`);
    assert.ok(bin.startsWith("#!/usr/bin/env node\n"));
    const library = JSON.parse(
      await Deno.readTextFile(`${dir}/node_modules/@airflowkit/client/package.json`),
    );
    assert.deepEqual(library.dependencies, {}, "the library depends on no package");

    const args = [
      "--fake",
      "runs",
      "trigger",
      "etl_daily",
      "--wait",
      "--interval",
      "200ms",
      "-o",
      "json",
    ];
    const node = await run(`${dir}/node_modules/.bin/airflowkit`, args, { cwd: dir });
    assert.equal(JSON.parse(node).state, "success");
    const bun = await run(new URL(".bin/bun", TOOLS).pathname, [
      "x",
      "airflowkit",
      "--fake",
      "dags",
      "ls",
      "-o",
      "json",
    ], {
      cwd: dir,
    });
    assert.equal(JSON.parse(bun).length, 12);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
