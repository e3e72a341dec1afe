/**
 * The fingerprint of the reliability suite: a SHA-256 of its sources. RELIABILITY.md records
 * the fingerprint of the tests it was written from, so a change to the tests without a new
 * report is noticed (`deno task check` runs this with `--check`).
 *
 * @module
 */

const ROOT = new URL("../../", import.meta.url);

/** The suite's source files, relative to the project root, in a fixed order. */
export async function suiteFiles(): Promise<string[]> {
  const files = ["tests/reliability_test.ts", "tests/helpers/fault_server.ts"];
  for await (const entry of Deno.readDir(new URL("tests/reliability/", ROOT))) {
    if (entry.isFile && entry.name.endsWith(".ts")) files.push(`tests/reliability/${entry.name}`);
  }
  return files.sort();
}

/** The suite's fingerprint, as hex. */
export async function fingerprint(): Promise<string> {
  const parts: string[] = [];
  for (const file of await suiteFiles()) {
    parts.push(file, await Deno.readTextFile(new URL(file, ROOT)));
  }
  const bytes = new TextEncoder().encode(parts.join("\u0000"));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The fingerprint RELIABILITY.md says it was written from, if it says one. */
export function recordedFingerprint(report: string): string | undefined {
  return /tests fingerprint\s+`([0-9a-f]{64})`/.exec(report)?.[1];
}

if (import.meta.main) {
  const report = await Deno.readTextFile(new URL("RELIABILITY.md", ROOT));
  if (recordedFingerprint(report) !== await fingerprint()) {
    console.error(
      "RELIABILITY.md was written from other tests than these: run `deno task reliability`",
    );
    Deno.exit(1);
  }
  console.log("RELIABILITY.md is written from the current tests");
}
