/**
 * Which log lines are new. Airflow 3 starts every streamed log read, and Airflow 2 every text
 * read, from the first line, and Airflow 3.0 and 3.1 repeat the log on a resumed JSON read too;
 * following a log means reading it again and skipping what was already yielded. Every Airflow 3
 * log also opens with a group of source details (`::group::Log message source details` …
 * `::endgroup::`), which is not log output: its sources are kept aside instead.
 *
 * @module
 */

const SOURCE_GROUP = "::group::Log message source details";
const GROUP_END = "::endgroup::";

/** The position in one try's log across reads. */
export class LogCursor {
  /** Log lines yielded so far. */
  #yielded = 0;
  /** Log lines of the current read passed so far. */
  #position = 0;
  #inSourceGroup = false;
  readonly #sources: string[] = [];

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
    this.#inSourceGroup = false;
  }

  /** Whether a line of the current read is log output not yielded before. */
  isNew(line: { event: string; sources?: unknown }): boolean {
    if (this.#inSourceGroup) {
      if (line.event.startsWith(GROUP_END)) this.#inSourceGroup = false;
      else this.#addSources([line.event]);
      return false;
    }
    if (line.event.startsWith(SOURCE_GROUP)) {
      this.#inSourceGroup = true;
      if (Array.isArray(line.sources)) this.#addSources(line.sources);
      return false;
    }
    this.#position++;
    if (this.#position <= this.#yielded) return false;
    this.#yielded = this.#position;
    return true;
  }

  #addSources(sources: unknown[]): void {
    for (const source of sources) {
      if (typeof source === "string" && !this.#sources.includes(source)) {
        this.#sources.push(source);
      }
    }
  }
}
