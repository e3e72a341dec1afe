/** Answers kept under their bound: what is cut, what is kept, and that credentials go first. */
import assert from "node:assert/strict";
import { boundText, boundValue, byteLength, NOTE_ROOM, scrub } from "../src/tools/bound.ts";

const size = (value: unknown) => byteLength(JSON.stringify(value));

Deno.test("a value under the bound comes back whole, with nothing said", () => {
  const value = { dags: [{ dag_id: "a" }, { dag_id: "b" }], total: 2 };
  assert.deepEqual(boundValue(value, 1_000), { value, cuts: [] });
});

Deno.test("the largest list loses its last items, and the cut says how many are left", () => {
  const value = {
    dags: Array.from({ length: 200 }, (_, index) => ({ dag_id: `dag_${index}`, tags: ["a", "b"] })),
    pools: [{ name: "default_pool" }],
    total: 200,
  };
  const { value: cut, cuts } = boundValue(value, 4_000) as {
    value: { dags: { dag_id: string }[]; pools: unknown[]; total: number };
    cuts: string[];
  };
  assert.ok(size(cut) <= 4_000 - NOTE_ROOM, `${size(cut)}`);
  assert.equal(cut.dags[0].dag_id, "dag_0", "the first items stay");
  assert.equal(cut.pools.length, 1, "a small list is left alone");
  assert.equal(cut.total, 200);
  assert.deepEqual(cuts, [`dags: ${cut.dags.length} of 200 items shown`]);
});

Deno.test("a list named to keep its tail loses its first items instead", () => {
  const lines = Array.from({ length: 500 }, (_, index) => ({ event: `line ${index}` }));
  const { value, cuts } = boundValue({ lines }, 3_000, [], ["lines"]);
  const kept = (value as { lines: { event: string }[] }).lines;
  assert.equal(kept.at(-1)?.event, "line 499");
  assert.ok(kept.length < 500);
  assert.match(cuts[0], /^lines: \d+ of 500 items shown$/);
});

Deno.test("long texts are cut first, then free-form objects lose keys", () => {
  const conf = Object.fromEntries(
    Array.from({ length: 400 }, (_, index) => [`key_${index}`, index]),
  );
  const value = { run: { conf, note: "x".repeat(50_000) } };
  const { value: cut, cuts } = boundValue(value, 3_000);
  assert.ok(size(cut) <= 3_000, `${size(cut)}`);
  const run = (cut as { run: { conf: Record<string, number>; note: string } }).run;
  assert.match(run.note, /^x+… \[\d+ more characters cut\]$/);
  assert.ok(Object.keys(run.conf).length < 400 && "key_0" in run.conf);
  assert.ok(cuts.some((cut) => /^run\.conf: \d+ of 400 keys shown$/.test(cut)), cuts.join("; "));
  assert.ok(cuts.some((cut) => /^texts longer than \d+ characters were cut$/.test(cut)));
});

Deno.test("values of every size end under the bound", () => {
  for (const bound of [2_000, 5_000, 16_000]) {
    for (const count of [1, 10, 100, 1_000]) {
      const value = {
        items: Array.from(
          { length: count },
          (_, index) => ({ id: index, text: "é".repeat(index % 300) }),
        ),
        nested: { more: Array.from({ length: count }, () => ["a", "b", { c: "d".repeat(100) }]) },
      };
      const { value: cut } = boundValue(value, bound);
      assert.ok(size(cut) <= bound, `${bound} bytes, ${count} items: ${size(cut)}`);
    }
  }
});

Deno.test("credentials are scrubbed from every string, however deep", () => {
  const secret = "s3cr3t-password";
  const value = { a: [{ b: `dsn://u:${secret}@h` }], [secret]: secret, n: 1 };
  const { value: clean } = boundValue(value, 10_000, [secret]);
  assert.ok(!JSON.stringify(clean).includes(`u:${secret}`));
  assert.deepEqual((clean as { a: { b: string }[] }).a[0].b, "dsn://u:[redacted]@h");
  assert.equal(scrub(`${secret} and ${secret}`, [secret]), "[redacted] and [redacted]");
  assert.equal(scrub("abc", ["ab"]), "abc", "too short to be a credential: left alone");
});

Deno.test("text is cut at a line's end, saying how many lines went", () => {
  const text = Array.from({ length: 100 }, (_, index) => `line ${index} ${"-".repeat(40)}`).join(
    "\n",
  );
  const cut = boundText(text, 1_000);
  assert.ok(byteLength(cut) <= 1_000);
  assert.match(cut, /^line 0 /);
  assert.match(cut, /\n… \(\d+ more lines cut to keep this answer short\)$/);
  assert.equal(boundText("short", 1_000), "short");
  const one = boundText("x".repeat(5_000), 1_000);
  assert.ok(byteLength(one) <= 1_000, `${byteLength(one)}`);
});
