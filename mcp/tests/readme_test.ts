/** The package's README keeps up with the server: every tool and every setting is in it. */
import assert from "node:assert/strict";
import { ENV_VARIABLES } from "../mod.ts";
import { TOOLS } from "../src/tools/all.ts";

Deno.test("the README names every tool, whether it changes Airflow, and every variable", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  for (const tool of TOOLS) {
    const row = readme.split("\n").find((line) => line.startsWith(`| \`${tool.name}\``));
    assert.ok(row, `${tool.name} has a row in the tools table`);
    const changes = row.split("|").at(-2)!.trim();
    assert.equal(
      changes.startsWith("yes"),
      !tool.annotations.readOnlyHint,
      `${tool.name}: ${changes}`,
    );
    assert.equal(
      changes.includes("runs"),
      tool.annotations.destructiveHint,
      `${tool.name}: ${changes}`,
    );
  }
  for (const name of Object.keys(ENV_VARIABLES)) assert.match(readme, new RegExp(`\`${name}\``));
});

Deno.test("the README's wrangler.toml is the one the package ships, comments aside", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const shown = readme.match(/```toml\n([\s\S]*?)```/)?.[1];
  assert.ok(shown, "the README shows a wrangler.toml");
  const shipped = await Deno.readTextFile(new URL("../wrangler.toml", import.meta.url));
  const settings = (toml: string) =>
    toml.split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
  assert.deepEqual(settings(shown), settings(shipped));
});
