/**
 * Which log lines are new. Airflow 3 starts every streamed log read, and Airflow 2 every text
 * read, from the first line, and Airflow 3.0 and 3.1 repeat the log on a resumed JSON read too;
 * following a log means reading it again and skipping what was already yielded. Every Airflow 3
 * log also opens with a group of source details (`::group::Log message source details` …
 * `::endgroup::`), which is not log output: its sources are kept aside instead.
 *
 * @module
 */
import type { LogLine } from "./log_pages.ts";

const SOURCE_GROUP = "::group::Log message source details";
const GROUP_END = "::endgroup::";
/**
 * A source group lists a few sources. One that goes on longer is not one: its lines are log
 * output, yielded as such, and no more sources are kept than this.
 */
const MAX_SOURCES = 100;

/** The position in one try's log across reads. */
export class LogCursor {
  /** Log lines yielded so far. */
  #yielded = 0;
  /** Log lines of the current read passed so far. */
  #position = 0;
  /** Lines of an open source group, held until the group closes. */
  #held?: LogLine[];
  readonly #sources: string[] = [];
  readonly #known = new Set<string>();

  /** Where the server read the log from, as the source-details groups listed them. */
  get sources(): readonly string[] {
    return this.#sources;
  }

  /**
   * Starts a read: one that starts from the first line, or one that resumes where the last
   * read ended (a JSON read with a continuation token on a server that resumes correctly).
   */
  startRead(fromFirstLine: boolean): void {
    this.#position = fromFirstLine ? 0 : this.#yielded;
    this.#held = undefined;
  }

  /** The lines to yield now for a line of the current read: none, it, or held ones with it. */
  accept(line: LogLine): LogLine[] {
    if (this.#held) {
      if (line.event.startsWith(GROUP_END)) {
        this.#addSources(this.#held.map((held) => held.event));
        this.#held = undefined;
        return [];
      }
      if (isSourceDetail(line) && this.#held.length < MAX_SOURCES) {
        this.#held.push(line);
        return [];
      }
      // Log output inside the group: the group was never closed, so what it held was log too.
      return [...this.endRead(), ...this.#count(line)];
    }
    if (line.event.startsWith(SOURCE_GROUP)) {
      this.#held = [];
      if (Array.isArray(line.sources)) this.#addSources(line.sources);
      return [];
    }
    return this.#count(line);
  }

  /** Ends the current read; lines held by a source group that never closed are yielded. */
  endRead(): LogLine[] {
    const held = this.#held ?? [];
    this.#held = undefined;
    return held.flatMap((line) => this.#count(line));
  }

  #count(line: LogLine): LogLine[] {
    this.#position++;
    if (this.#position <= this.#yielded) return [];
    this.#yielded = this.#position;
    return [line];
  }

  #addSources(sources: unknown[]): void {
    for (const source of sources) {
      if (this.#sources.length >= MAX_SOURCES) return;
      if (typeof source === "string" && !this.#known.has(source)) {
        this.#known.add(source);
        this.#sources.push(source);
      }
    }
  }
}

/** A line that may list a source inside the group: no level, no time, one word (a path, a URL). */
function isSourceDetail(line: LogLine): boolean {
  return line.level === undefined && (line.timestamp ?? null) === null &&
    !/\s/.test(line.event.trim());
}
