/**
 * What the runner times as "validation alone": the compiled check of a page of task instances,
 * and the page as text, its keys in the fixed order or shuffled. Bundled into `validation.mjs`,
 * so every runtime runs the same code.
 *
 * @module
 */
import { taskInstancePage } from "./payloads.ts";
import { shuffledJson } from "./shuffle.ts";

export { TaskInstanceCollectionResponse as check } from "../src/v2/generated/checks.ts";

/** The 100-item page as a server sends it, keys in `order` (a `seed` per shuffled variant). */
export function pageText(order: "fixed" | "shuffled", seed: number): string {
  const page = taskInstancePage(0, 100, 100);
  return order === "fixed" ? JSON.stringify(page) : shuffledJson(page, seed);
}
