/**
 * Passwords and tokens never shown: not in output, errors, JSON or inspection; read from standard
 * input, never from the command line; kept in a profile file only its owner may read.
 */
import assert from "node:assert/strict";
import { Secret } from "../src/settings/secret.ts";
import { PASSWORD, serveFake } from "./helpers/fake_server.ts";
import { runCli } from "./helpers/process.ts";

const TOKEN = "tok-51a0c2d4-never-print";

function assertHidden(text: string, label: string): void {
  for (const secret of [PASSWORD, TOKEN]) {
    assert.ok(!text.includes(secret), `${label} shows a secret:\n${text}`);
  }
}

Deno.test("a Secret prints as [redacted] everywhere", () => {
  const secret = new Secret(TOKEN);
  const holder = { token: secret };
  for (const text of [String(secret), `${secret}`, JSON.stringify(holder), Deno.inspect(holder)]) {
    assertHidden(text, "a Secret");
    assert.match(text, /\[redacted\]/);
  }
  assert.equal(secret.reveal(), TOKEN);
});

Deno.test("no command shows the password or token, whatever happens", async () => {
  const server = await serveFake();
  try {
    const runs: [string[], Record<string, string>, string?][] = [
      [["dags", "ls"], server.env],
      [["version", "-o", "json"], server.env],
      [[
        "runs",
        "trigger",
        "etl_daily",
        "--wait",
        "--follow-logs",
        "--interval",
        "100ms",
        "-o",
        "ndjson",
      ], server.env],
      [["dags", "ls"], { ...server.env, AIRFLOW_PASSWORD: TOKEN }],
      [["dags", "ls"], { AIRFLOW_URL: server.url, AIRFLOW_TOKEN: TOKEN }],
      [["dags", "pause", "nope"], server.env],
      [["--username", "ops", "--password-stdin", "dags", "ls", "-o", "json"], {
        AIRFLOW_URL: server.url,
      }, PASSWORD],
      [["--token-stdin", "dags", "ls"], { AIRFLOW_URL: server.url }, TOKEN],
      [["dags", "ls"], {
        AIRFLOW_URL: "http://127.0.0.1:9",
        AIRFLOW_USERNAME: "ops",
        AIRFLOW_PASSWORD: PASSWORD,
      }],
      [["--url", `http://ops:${PASSWORD}@127.0.0.1:9`, "dags", "ls"], {}],
    ];
    for (const [args, env, stdin] of runs) {
      const result = await runCli(args, { env, stdin });
      assertHidden(result.stdout + result.stderr, args.join(" "));
    }
    const viaStdin = await runCli([
      "--username",
      "ops",
      "--password-stdin",
      "dags",
      "ls",
      "-o",
      "json",
    ], {
      env: { AIRFLOW_URL: server.url },
      stdin: PASSWORD + "\n",
    });
    assert.equal(viaStdin.code, 0, viaStdin.stderr);
    assert.equal(JSON.parse(viaStdin.stdout).length, 12);
  } finally {
    await server.close();
  }
});

Deno.test("profiles: saved with mode 600, used by name, listed without secrets, refused when others may read them", async () => {
  const server = await serveFake();
  const dir = await Deno.makeTempDir();
  const config = `${dir}/conf/config.json`;
  try {
    const env = { AIRFLOWKIT_CONFIG: config };
    const saved = await runCli(
      ["profiles", "set", "prod", "--url", server.url, "--username", "ops", "--password-stdin"],
      { env, stdin: PASSWORD + "\n" },
    );
    assert.equal(saved.code, 0, saved.stderr);
    assert.equal((await Deno.stat(config)).mode! & 0o777, 0o600);
    assert.equal((await Deno.stat(`${dir}/conf`)).mode! & 0o777, 0o700);

    const used = await runCli(["--profile", "prod", "dags", "ls", "-o", "json"], { env });
    assert.equal(used.code, 0, used.stderr);
    const byEnv = await runCli(["dags", "ls", "-o", "json"], {
      env: { ...env, AIRFLOWKIT_PROFILE: "prod" },
    });
    assert.equal(byEnv.code, 0, byEnv.stderr);

    const listed = await runCli(["profiles", "ls", "-o", "json"], { env });
    assert.deepEqual(JSON.parse(listed.stdout), [{
      name: "prod",
      url: server.url,
      auth: "password",
      username: "ops",
    }]);
    const table = await runCli(["profiles", "ls"], { env });
    assert.match(table.stdout, /prod\s+http:\/\/127\.0\.0\.1:\d+\s+password \(ops\)/);
    for (const result of [saved, used, listed, table]) {
      assertHidden(result.stdout + result.stderr, "profiles");
    }

    const unknown = await runCli(["--profile", "staging", "dags", "ls"], { env });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no profile "staging" in .* \(profiles: prod\)/);
    const conflict = await runCli(["--profile", "prod", "--url", server.url, "dags", "ls"], {
      env,
    });
    assert.equal(conflict.code, 2);
    assert.match(conflict.stderr, /--url and --profile both name a server/);

    await Deno.chmod(config, 0o644);
    const open = await runCli(["--profile", "prod", "dags", "ls"], { env });
    assert.equal(open.code, 2);
    assert.match(open.stderr, /may be read by other users \(mode 644\).*chmod 600/);

    await Deno.chmod(config, 0o600);
    const removed = await runCli(["profiles", "rm", "prod"], { env });
    assert.equal(removed.code, 0, removed.stderr);
    assert.ok(!(await Deno.readTextFile(config)).includes(PASSWORD));
  } finally {
    await Deno.remove(dir, { recursive: true });
    await server.close();
  }
});
