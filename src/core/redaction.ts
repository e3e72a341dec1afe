/**
 * Keeping credentials out of what the client hands back: error messages and bodies, answers
 * that failed their check. A server may echo a credential in its answer; it comes back as
 * `[redacted]`.
 *
 * @module
 */

const REDACTED = "[redacted]";
/** Secrets shorter than this are not searched for: they would match ordinary text. */
const MIN_SECRET_LENGTH = 4;

/** Scrubs the credentials a client knows of out of text from the server. */
export class Redactor {
  readonly #secrets: () => string[];

  /** @param secrets Every credential the client knows of, asked each time. */
  constructor(secrets: () => string[]) {
    this.#secrets = secrets;
  }

  /** `text` with every known credential, and `extra` ones, replaced by `[redacted]`. */
  text(text: string, extra: (string | undefined)[] = []): string {
    let scrubbed = text;
    for (const secret of [...this.#secrets(), ...extra]) {
      if (secret && secret.length >= MIN_SECRET_LENGTH) {
        scrubbed = scrubbed.replaceAll(secret, REDACTED);
      }
    }
    return scrubbed;
  }

  /** `value`, parsed from `text`; or, when `text` holds a credential, the scrubbed text parsed. */
  value(text: string, value: unknown): unknown {
    const scrubbed = this.text(text);
    if (scrubbed === text) return value;
    try {
      return JSON.parse(scrubbed);
    } catch {
      return scrubbed;
    }
  }

  /** The credential in an `Authorization` header value, without its scheme. */
  static credentialOf(authorization: string | undefined): string | undefined {
    return authorization?.replace(/^\S+\s+/, "");
  }
}
