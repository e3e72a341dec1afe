/**
 * Which Airflow a command talks to and how it signs in, from the flags, a profile or the
 * environment, in that order:
 *
 * 1. `--fake`: the embedded fake Airflow.
 * 2. `--profile NAME` (or `AIRFLOWKIT_PROFILE`): that profile; `AIRFLOW_*` are not read.
 * 3. `--url` or `AIRFLOW_URL`, with `AIRFLOW_TOKEN`, or `AIRFLOW_USERNAME` and `AIRFLOW_PASSWORD`.
 * 4. The profile named `default`, if there is one.
 *
 * `--username`, `--password-stdin` and `--token-stdin` replace the credentials found so. A
 * profile's credentials never go to another URL: `--url` with `--profile` is refused.
 *
 * @module
 */
import { usage } from "../exit_codes.ts";
import type { Io } from "../io.ts";
import { configPath, type Profile, readProfiles } from "./profiles.ts";
import { Secret } from "./secret.ts";

/** The flags that choose the Airflow and the credentials. */
export interface TargetFlags {
  /** `--url`. */
  url?: string;
  /** `--username`. */
  username?: string;
  /** `--password-stdin`. */
  passwordStdin?: boolean;
  /** `--token-stdin`. */
  tokenStdin?: boolean;
  /** `--profile`. */
  profile?: string;
  /** `--fake`. */
  fake?: boolean;
}

/** Credentials for a server. */
export type Credentials = { username: string; password: Secret } | { token: Secret };

/** The Airflow to talk to. */
export type Target =
  | { kind: "fake" }
  | {
    kind: "server";
    /** The base URL. */
    url: string;
    /** How to sign in, if at all. */
    credentials?: Credentials;
    /** Where the settings came from, for messages: `the environment`, `profile "prod"`. */
    from: string;
  };

const NO_TARGET = "no Airflow to talk to: set AIRFLOW_URL (with AIRFLOW_USERNAME and " +
  "AIRFLOW_PASSWORD, or AIRFLOW_TOKEN), pass --url or --profile, or try --fake";

/** Checks a base URL: http(s), and no credentials in it, which would show in messages. */
export function checkUrl(url: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usage(`${name} must be a URL such as https://airflow.example.com`);
  }
  if (parsed.username || parsed.password) {
    throw usage(
      `${name} must not hold credentials: use AIRFLOW_USERNAME and AIRFLOW_PASSWORD, ` +
        `--password-stdin or a profile`,
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw usage(`${name} must be an http or https URL, not ${parsed.protocol}`);
  }
  return url.replace(/\/+$/, "");
}

/** The target the flags and environment name; `undefined` when they name none. */
export async function resolveTarget(flags: TargetFlags, io: Io): Promise<Target | undefined> {
  if (flags.passwordStdin && flags.tokenStdin) {
    throw usage("--password-stdin and --token-stdin cannot both read standard input");
  }
  const profileName = flags.profile ?? (io.env.AIRFLOWKIT_PROFILE || undefined);
  if (flags.fake) {
    if (flags.url || flags.profile !== undefined) {
      throw usage("--fake talks to the embedded fake Airflow: leave out --url and --profile");
    }
    return { kind: "fake" };
  }
  if (profileName !== undefined) {
    if (flags.url) throw usage("--url and --profile both name a server: give one of them");
    const profile = await findProfile(io, profileName, true);
    return fromProfile(profileName, profile!, flags, io);
  }
  const url = flags.url ?? (io.env.AIRFLOW_URL || undefined);
  if (url !== undefined) {
    const name = flags.url ? "--url" : "AIRFLOW_URL";
    const env = io.env;
    const envCredentials: Credentials | undefined = env.AIRFLOW_TOKEN
      ? { token: new Secret(env.AIRFLOW_TOKEN) }
      : env.AIRFLOW_USERNAME && env.AIRFLOW_PASSWORD
      ? { username: env.AIRFLOW_USERNAME, password: new Secret(env.AIRFLOW_PASSWORD) }
      : undefined;
    return {
      kind: "server",
      url: checkUrl(url, name),
      credentials: await withFlags(envCredentials, flags, io, env.AIRFLOW_USERNAME),
      from: flags.url ? "--url" : "the environment",
    };
  }
  const fallback = await findProfile(io, "default", false);
  return fallback ? fromProfile("default", fallback, flags, io) : undefined;
}

/** The target, or a usage error saying how to name one. */
export async function requireTarget(flags: TargetFlags, io: Io): Promise<Target> {
  const target = await resolveTarget(flags, io);
  if (!target) throw usage(NO_TARGET);
  return target;
}

async function findProfile(io: Io, name: string, required: boolean): Promise<Profile | undefined> {
  const path = configPath(io);
  const profiles = await readProfiles(path);
  const profile = profiles.get(name);
  if (!profile && required) {
    const known = [...profiles.keys()];
    throw usage(
      `no profile "${name}" in ${path}` +
        (known.length
          ? ` (profiles: ${known.join(", ")})`
          : "; add one with `airflowkit profiles set`"),
    );
  }
  return profile;
}

async function fromProfile(
  name: string,
  profile: Profile,
  flags: TargetFlags,
  io: Io,
): Promise<Target> {
  const stored: Credentials | undefined = profile.token
    ? { token: profile.token }
    : profile.username !== undefined && profile.password
    ? { username: profile.username, password: profile.password }
    : undefined;
  return {
    kind: "server",
    url: checkUrl(profile.url, `profile "${name}"'s url`),
    credentials: await withFlags(stored, flags, io, profile.username),
    from: `profile "${name}"`,
  };
}

/** The credentials, replaced by those the flags give. */
async function withFlags(
  found: Credentials | undefined,
  flags: TargetFlags,
  io: Io,
  knownUsername: string | undefined,
): Promise<Credentials | undefined> {
  if (flags.tokenStdin) return { token: await readSecret(io, "Token") };
  const username = flags.username ?? knownUsername;
  if (flags.passwordStdin) {
    if (!username) {
      throw usage("--password-stdin needs a user name: --username or AIRFLOW_USERNAME");
    }
    return { username, password: await readSecret(io, "Password") };
  }
  if (flags.username !== undefined) {
    if (found && "password" in found) return { username: flags.username, password: found.password };
    throw usage("--username needs a password: --password-stdin, or AIRFLOW_PASSWORD");
  }
  return found;
}

/** The first line of standard input, or what the user types at a prompt without echo. */
export async function readSecret(io: Io, what: "Password" | "Token"): Promise<Secret> {
  if (io.stdin.isTTY) io.stderr.write(`${what}: `);
  const line = await io.stdin.readSecret();
  if (io.stdin.isTTY) io.stderr.write("\n");
  if (!line) throw usage(`${what.toLowerCase()} expected on standard input, and none came`);
  return new Secret(line);
}
