/**
 * Named profiles in a JSON file that only its owner may read: where each Airflow is and how to
 * sign in to it. The file is `AIRFLOWKIT_CONFIG`, else `$XDG_CONFIG_HOME/airflowkit/config.json`,
 * else `~/.config/airflowkit/config.json`; it is written with mode 600 in a folder with mode
 * 700, and refused when others may read it.
 *
 * @module
 */
import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import process from "node:process";
import { usage } from "../exit_codes.ts";
import type { Io } from "../io.ts";
import { Secret } from "./secret.ts";

/** A profile as stored. */
export interface Profile {
  /** The Airflow's base URL. */
  url: string;
  /** User name, with `password`. */
  username?: string;
  /** Password, with `username`. */
  password?: Secret;
  /** Bearer token, instead of a user name and password. */
  token?: Secret;
}

/** Where the config file is for this environment. */
export function configPath(io: Io): string {
  const explicit = io.env.AIRFLOWKIT_CONFIG;
  if (explicit) return explicit;
  const base = io.env.XDG_CONFIG_HOME || (io.home ? join(io.home, ".config") : undefined);
  if (!base) throw usage("no home directory to keep profiles in: set AIRFLOWKIT_CONFIG");
  return join(base, "airflowkit", "config.json");
}

function isMissing(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "ENOENT";
}

/** Reads every profile; none when the file does not exist. */
export async function readProfiles(path: string): Promise<Map<string, Profile>> {
  let text: string;
  try {
    const info = await stat(path);
    if (process.platform !== "win32" && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8);
      throw usage(
        `${path} may be read by other users (mode ${mode}); it can hold passwords and tokens: ` +
          `run chmod 600 ${path}`,
      );
    }
    text = await readFile(path, "utf8");
  } catch (error) {
    if (isMissing(error)) return new Map();
    throw error;
  }
  return parseProfiles(text, path);
}

/** The profiles of a config file's text; throws a usage error naming what is wrong. */
export function parseProfiles(text: string, path: string): Map<string, Profile> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw usage(`${path} is not JSON: ${(error as Error).message}`);
  }
  const profiles = (data as { profiles?: unknown } | null)?.profiles ?? {};
  if (typeof profiles !== "object" || profiles === null || Array.isArray(profiles)) {
    throw usage(`${path}: "profiles" must be an object of profiles by name`);
  }
  const result = new Map<string, Profile>();
  for (const [name, value] of Object.entries(profiles)) {
    const entry = (value ?? {}) as Record<string, unknown>;
    const text = (field: string): string | undefined => {
      const found = entry[field];
      if (found === undefined) return undefined;
      if (typeof found !== "string") {
        throw usage(`${path}: profile "${name}": ${field} must be a string`);
      }
      return found;
    };
    const url = text("url");
    if (!url) throw usage(`${path}: profile "${name}" has no url`);
    const password = text("password");
    const token = text("token");
    result.set(name, {
      url,
      username: text("username"),
      password: password === undefined ? undefined : new Secret(password),
      token: token === undefined ? undefined : new Secret(token),
    });
  }
  return result;
}

/** Writes every profile, readable by the owner only. */
export async function writeProfiles(path: string, profiles: Map<string, Profile>): Promise<void> {
  const stored: Record<string, Record<string, string>> = {};
  for (const [name, profile] of [...profiles].sort(([a], [b]) => a.localeCompare(b))) {
    const entry: Record<string, string> = { url: profile.url };
    if (profile.username !== undefined) entry.username = profile.username;
    if (profile.password) entry.password = profile.password.reveal();
    if (profile.token) entry.token = profile.token.reveal();
    stored[name] = entry;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ profiles: stored }, null, 2) + "\n", {
    mode: 0o600,
  });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
