/** The README's examples of a user's own test run, as written, against this checkout. */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

Deno.test("the README's example tests pass", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((match) => match[1])
    .filter((code) => code.includes("Deno.test("));
  assert.ok(blocks.length > 0, "the README has an example test");
  for (const code of blocks) {
    const local = code
      .replaceAll(
        '"@airflowkit/client/testing"',
        JSON.stringify(new URL("src/testing/mod.ts", ROOT).href),
      )
      .replaceAll('"@airflowkit/client"', JSON.stringify(new URL("mod.ts", ROOT).href));
    const file = await Deno.makeTempFile({ suffix: "_test.ts" });
    try {
      await Deno.writeTextFile(file, local);
      const { code: status, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["test", "--quiet", "--config", new URL("deno.json", ROOT).pathname, file],
      }).output();
      const output = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
      assert.equal(status, 0, output);
      assert.match(output, /[1-9]\d* passed/);
    } finally {
      await Deno.remove(file);
    }
  }
});
