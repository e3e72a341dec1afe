/**
 * The server's version, as it reports itself to clients.
 *
 * @module
 */

/** Kept equal to `deno.json`'s version by a test. */
export const VERSION = "0.1.0";
