/**
 * `airflowkit profiles`: named Airflows and their credentials, kept in a file only the user may
 * read. Secrets are read from standard input, never from the command line, and never printed.
 *
 * @module
 */
import type { Command } from "commander";
import { usage } from "../exit_codes.ts";
import type { Column } from "../output/table.ts";
import type { Define } from "../program.ts";
import { configPath, type Profile, readProfiles, writeProfiles } from "../settings/profiles.ts";
import { checkUrl, readSecret } from "../settings/target.ts";

/** A profile as `profiles list` prints it: never its secrets. */
export interface ProfileRow {
  name: string;
  url: string;
  /** `password`, `token` or `none`. */
  auth: "password" | "token" | "none";
  username: string | null;
}

const PROFILE_COLUMNS: Column<ProfileRow>[] = [
  { header: "NAME", value: (row) => row.name, shrink: false },
  { header: "URL", value: (row) => row.url },
  {
    header: "AUTH",
    value: (row) => row.auth === "password" ? `password (${row.username})` : row.auth,
  },
];

function profileRow(name: string, profile: Profile): ProfileRow {
  return {
    name,
    url: profile.url,
    auth: profile.token ? "token" : profile.password ? "password" : "none",
    username: profile.username ?? null,
  };
}

/** Adds `profiles` to the program. */
export function registerProfiles(program: Command, define: Define): void {
  const profiles = program.command("profiles")
    .description("save Airflows and their credentials under names, for --profile");

  profiles.command("list").alias("ls")
    .description("list the saved profiles (never their secrets)")
    .addHelpText(
      "after",
      `
Examples:
  $ airflowkit profiles ls`,
    )
    .action(define(async (context) => {
      const path = configPath(context.io);
      const rows = [...await readProfiles(path)].map(([name, profile]) =>
        profileRow(name, profile)
      );
      context.printer.list(rows, PROFILE_COLUMNS, `no profiles in ${path}`);
    }));

  profiles.command("set")
    .description("save a profile from --url and the credentials given with it")
    .argument("<name>", 'the profile\'s name; "default" is used when nothing else is given')
    .addHelpText(
      "after",
      `
The password or token is read from standard input (or typed, unechoed), never from the command
line, and saved in a file that only you may read (mode 600): AIRFLOWKIT_CONFIG, else
$XDG_CONFIG_HOME/airflowkit/config.json, else ~/.config/airflowkit/config.json.

Examples:
  $ airflowkit profiles set prod --url https://airflow.example.com --username admin --password-stdin
  $ printf %s "$TOKEN" | airflowkit profiles set composer --url https://x.composer.googleusercontent.com --token-stdin
  $ airflowkit --profile prod dags ls`,
    )
    .action(define(async (context, [name]) => {
      const { flags, io } = context;
      if (!flags.url) throw usage("profiles set needs --url");
      if (flags.passwordStdin && flags.tokenStdin) {
        throw usage("--password-stdin and --token-stdin cannot both read standard input");
      }
      if (flags.passwordStdin && !flags.username) throw usage("--password-stdin needs --username");
      const profile: Profile = { url: checkUrl(flags.url, "--url") };
      if (flags.tokenStdin) profile.token = await readSecret(io, "Token");
      else if (flags.username) {
        if (!flags.passwordStdin) throw usage("--username needs --password-stdin");
        profile.username = flags.username;
        profile.password = await readSecret(io, "Password");
      }
      const path = configPath(io);
      const all = await readProfiles(path);
      all.set(name, profile);
      await writeProfiles(path, all);
      context.printer.item(profileRow(name, profile), `Saved profile ${name} in ${path}`);
    }));

  profiles.command("delete").alias("rm")
    .description("delete a saved profile")
    .argument("<name>", "the profile")
    .addHelpText(
      "after",
      `
Examples:
  $ airflowkit profiles delete staging`,
    )
    .action(define(async (context, [name]) => {
      const path = configPath(context.io);
      const all = await readProfiles(path);
      if (!all.delete(name)) throw usage(`no profile "${name}" in ${path}`);
      await writeProfiles(path, all);
      context.printer.item({ name, deleted: true }, `Deleted profile ${name}`);
    }));
}
