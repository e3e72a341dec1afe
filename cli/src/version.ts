/**
 * The CLI's version, as in its `deno.json` (a test keeps them equal).
 *
 * @module
 */

/** The version of `@airflowkit/cli`. */
export const CLI_VERSION = "0.1.0";
