/** Library code must run on any runtime with `fetch`: no Node or Deno APIs, only TypeBox. */
import assert from "node:assert/strict";

const FORBIDDEN = [
  /\bfrom\s+["']node:/,
  /\bimport\(\s*["']node:/,
  /(?<!["'])\bDeno\./,
  /\bprocess\./,
  /\bBuffer\b/,
  /\brequire\(/,
];

async function* sourceFiles(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* sourceFiles(url);
    else if (entry.name.endsWith(".ts")) yield url;
  }
}

Deno.test("library code uses only web-standard globals and imports no package", async () => {
  const files = [new URL("../mod.ts", import.meta.url)];
  for await (const file of sourceFiles(new URL("../src/", import.meta.url))) files.push(file);
  assert.ok(files.length > 10);
  for (const file of files) {
    const text = withoutComments(await Deno.readTextFile(file));
    for (const pattern of FORBIDDEN) {
      assert.doesNotMatch(text, pattern, `${file.pathname} uses ${pattern}`);
    }
    for (const [, specifier] of text.matchAll(/\bfrom\s+["']([^"']+)["']/g)) {
      assert.ok(specifier.startsWith("."), `${file.pathname} imports ${specifier}`);
    }
  }
});

/** Code without comments, so that doc examples importing the package do not count. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}
