/**
 * RELIABILITY.md, written from what the reliability tests saw in this run. Each test registered
 * through {@link ReliabilityReport.test} returns its findings (what was tried, how the client
 * behaved, the numbers); when every registered test has passed, the last test of the run
 * writes the file.
 *
 * @module
 */

/** The parts of the report, in the order they are printed. */
export const SECTIONS = {
  faults: "Network and server faults",
  bounds: "Bounds on time, bytes and loops",
  input: "Bad input",
  credentials: "Credentials",
  properties: "Property-based tests",
  concurrency: "Concurrency",
  soak: "Soak",
  fake: "The fake Airflow, listening",
} as const;

/** One of {@link SECTIONS}. */
export type Section = keyof typeof SECTIONS;

/** One row of the report. */
export interface Finding {
  /** What was done to the client: the fault, the input, the load. */
  subject: string;
  /** How the client behaved. */
  behaviour: string;
  /** The numbers: attempts, time, cases tried, calls made, memory. */
  figures: string;
}

/** A test body that returns what it found. */
export type FindingTest = () => Promise<Finding | Finding[]>;

/** Collects findings from registered tests and renders the report. */
export class ReliabilityReport {
  readonly #findings = new Map<string, { section: Section; findings: Finding[] }>();
  readonly #registered: string[] = [];

  /** Registers a `Deno.test` (sanitizers on) whose findings go into `section`. */
  test(section: Section, name: string, body: FindingTest, options: { timeoutMs?: number } = {}) {
    const fullName = `${section}: ${name}`;
    this.#registered.push(fullName);
    Deno.test(fullName, async () => {
      const found = await withTimeout(body(), options.timeoutMs ?? 60_000, fullName);
      const findings = Array.isArray(found) ? found : [found];
      if (findings.length === 0) throw new Error(`${fullName} reported no findings`);
      this.#findings.set(fullName, { section, findings });
    });
  }

  /** Whether every registered test has run and passed. */
  get complete(): boolean {
    return this.#registered.every((name) => this.#findings.has(name));
  }

  /** RELIABILITY.md for this run of the tests whose sources have `fingerprint`. */
  render(command: string, fingerprint: string, date = new Date()): string {
    const lines = [
      "# Reliability",
      "",
      "How airflowkit behaves when the network and the server misbehave, when input is hostile,",
      "and where credentials could leak. Written by `deno task reliability`",
      "(`tests/reliability_test.ts`) from what the tests saw; do not edit by hand. Every row is a",
      "passing test.",
      "",
      `Run ${date.toISOString().slice(0, 16).replace("T", " ")} UTC, Deno ${Deno.version.deno}, ` +
      `tests fingerprint \`${fingerprint}\`.`,
      "",
    ];
    for (const [section, title] of Object.entries(SECTIONS)) {
      const rows = this.#registered
        .map((name) => this.#findings.get(name))
        .filter((entry) => entry?.section === section)
        .flatMap((entry) => entry!.findings);
      if (rows.length === 0) continue;
      lines.push(`## ${title}`, "", "| case | behaviour | figures |", "|---|---|---|");
      for (const row of rows) {
        lines.push(`| ${cell(row.subject)} | ${cell(row.behaviour)} | ${cell(row.figures)} |`);
      }
      lines.push("");
    }
    lines.push("## Reproduce", "", "```sh", command, "```", "");
    return lines.join("\n");
  }

  /** The case and behaviour of every row, in order, as the report writes them. */
  cases(): [string, string][] {
    return this.#registered.flatMap((name) => this.#findings.get(name)?.findings ?? [])
      .map((row) => [cell(row.subject), cell(row.behaviour)]);
  }
}

/** The case and behaviour of every row of a written report, in order. */
export function reportedCases(markdown: string): [string, string][] {
  return markdown.split("\n")
    .filter((line) => line.startsWith("| ") && !/^\| (case|-)/.test(line))
    .map((line) => {
      const cells = line.slice(2, -2).split(/(?<!\\) \| /).map((text) => text.trim());
      return [cells[0], cells[1]] as [string, string];
    });
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    handle = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(handle);
  }
}
