/** The API report: what it renders of a module, and that the committed report is current. */
import assert from "node:assert/strict";
import { renderReport, reportFile, reports } from "../scripts/api_report.ts";

async function docOf(source: string): Promise<unknown> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/mod.ts`, source);
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["doc", "--json", `${dir}/mod.ts`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(output.success, new TextDecoder().decode(output.stderr));
    return JSON.parse(new TextDecoder().decode(output.stdout));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the report renders signatures without docs, sorted, internal members left out", async () => {
  const doc = await docOf(`
/** A thing. */
export interface Thing<T = string> {
  /** a */
  readonly a?: T | null;
  /** b */
  b(x: number, ...rest: string[]): Promise<void>;
}
/** Z. */
export class Zed extends Error {
  /** @param n n */
  constructor(n: number) { super(String(n)); }
  /** kept */
  get kept(): boolean { return true; }
  /** @internal */
  hidden(): void {}
}
/** f */
export function make(options: { flag?: boolean } = {}): Thing<number>[] { return []; }
/** T */
export type Pair = [string, number] | "none";
`);
  assert.equal(
    renderReport(doc, "."),
    [
      "// The public API of @airflowkit/client.",
      "// Written by scripts/api_report.ts from `deno doc --json`; do not edit.",
      "",
      'type Pair = [string, number] | "none";',
      "",
      "interface Thing<T = string> {",
      "  readonly a?: T | null;",
      "  b(x: number, ...rest: string[]): Promise<void>;",
      "}",
      "",
      "class Zed extends Error {",
      "  constructor(n: number);",
      "  get kept(): boolean;",
      "}",
      "",
      "function make(options?: { flag?: boolean; }): Thing<number>[];",
      "",
    ].join("\n"),
  );
  assert.equal(reportFile("."), "api-report/client.api.txt");
  assert.equal(reportFile("./v1"), "api-report/v1.api.txt");
});

Deno.test("the committed API report is the surface of every entry point", async () => {
  for (const [path, text] of await reports()) {
    assert.equal(await Deno.readTextFile(path), text, `${path}: run deno task api-report`);
  }
});
