/**
 * What a command sees of the process: its output streams, its input, its environment and the
 * signal that Ctrl-C aborts. Commands take an {@link Io}, so that tests can hand them their own.
 *
 * @module
 */

/** An output stream: standard output or standard error. */
export interface Output {
  /** Writes text as it is. */
  write(text: string): void;
  /** Whether the stream is a terminal. */
  readonly isTTY: boolean;
  /** The terminal's width in columns, when it is one. */
  readonly columns?: number;
}

/** Standard input. */
export interface Input {
  /** Whether standard input is a terminal. */
  readonly isTTY: boolean;
  /** Reads one line, without its line break; `undefined` at the end of the input. */
  readLine(): Promise<string | undefined>;
  /** Reads one line from the terminal without echoing it; as `readLine` when not a terminal. */
  readSecret(): Promise<string | undefined>;
}

/** The process as commands see it. */
export interface Io {
  /** Where results go. */
  readonly stdout: Output;
  /** Where progress, prompts and errors go. */
  readonly stderr: Output;
  /** Where `--password-stdin` and prompts read from. */
  readonly stdin: Input;
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted at the first Ctrl-C. */
  readonly interrupt: AbortSignal;
  /** The user's home directory, for the default config file. */
  readonly home: string | undefined;
}
