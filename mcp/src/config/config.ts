/**
 * The server's configuration, read from environment variables (a Worker's vars and secrets, or a
 * process's environment). Every value is checked here, once, and a bad one is refused with the
 * variable's name and what it should be, never with the value itself.
 *
 * @module
 */
import { Secret } from "./secret.ts";

/** How the server signs in to Airflow. */
export type AirflowCredentials =
  | { token: Secret }
  | { username: string; password: Secret };

/** Cloudflare Access in front of the MCP endpoint: whose tokens to accept. */
export interface AccessSettings {
  /** The team's Access origin, such as `https://example.cloudflareaccess.com`. */
  teamDomain: string;
  /** The Access application's audience tag. */
  audience: string;
}

/** Everything the server needs; {@link configFromEnv} builds it. */
export interface McpConfig {
  /** Airflow's base URL, without credentials. */
  airflowUrl: string;
  /** Credentials for Airflow; none for an Airflow that needs none. */
  airflowCredentials?: AirflowCredentials;
  /** Whether the tools that change Airflow are offered. Default false. */
  allowWrites: boolean;
  /** The most bytes of each of a tool's text and structured answer. */
  maxOutputBytes: number;
  /** The longest a tool may wait for a run, in seconds. */
  maxWaitSeconds: number;
  /** Seconds between two looks at a run being waited for. */
  pollIntervalSeconds: number;
  /** Bearer tokens any of which lets a client in over HTTP. */
  bearerTokens: Secret[];
  /** Cloudflare Access, whose signed assertion also lets a client in over HTTP. */
  access?: AccessSettings;
  /** Origins whose web pages may call the HTTP endpoint; others are refused. */
  allowedOrigins: string[];
}

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  /** The environment variable at fault. */
  readonly variable: string;

  /**
   * Creates the error.
   *
   * @param variable The environment variable at fault.
   * @param problem What is wrong with it, and what would do.
   */
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

/** The shortest bearer token accepted. */
export const MIN_BEARER_TOKEN_LENGTH = 32;

/** The environment variables read, with what each holds. */
export const ENV_VARIABLES: Readonly<Record<string, string>> = {
  AIRFLOW_URL: "Airflow's base URL (required)",
  AIRFLOW_TOKEN: "a bearer token for Airflow",
  AIRFLOW_USERNAME: "a user name for Airflow (with AIRFLOW_PASSWORD)",
  AIRFLOW_PASSWORD: "that user's password",
  MCP_ALLOW_WRITES: "`true` to offer the tools that change Airflow (default `false`)",
  MCP_BEARER_TOKEN: "the token MCP clients send over HTTP; several may be given, comma-separated",
  MCP_ACCESS_TEAM_DOMAIN: "Cloudflare Access: the team's domain (with MCP_ACCESS_AUD)",
  MCP_ACCESS_AUD: "Cloudflare Access: the application's audience tag",
  MCP_ALLOWED_ORIGINS: "comma-separated origins whose web pages may call the HTTP endpoint",
  MCP_MAX_OUTPUT_BYTES: "the most bytes of each tool answer's text and data (default 16000)",
  MCP_MAX_WAIT_SECONDS: "the longest a tool waits for a run (default 120)",
  MCP_POLL_INTERVAL_SECONDS: "seconds between looks at a run waited for (default 2)",
};

/** Environment variables by name: a Worker's `env`, `Deno.env.toObject()` or `process.env`. */
export type Env = Readonly<Record<string, unknown>>;

function text(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new ConfigError(name, "must be a string");
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function flag(env: Env, name: string): boolean {
  const value = text(env, name)?.toLowerCase();
  if (value === undefined || value === "false" || value === "0" || value === "no") return false;
  if (value === "true" || value === "1" || value === "yes") return true;
  throw new ConfigError(name, "must be true or false");
}

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(name, `must be a number from ${min} to ${max}`);
  }
  return parsed;
}

function list(env: Env, name: string): string[] {
  return (text(env, name) ?? "").split(",").map((item) => item.trim()).filter(Boolean);
}

function airflowUrl(env: Env): string {
  const value = text(env, "AIRFLOW_URL");
  if (value === undefined) {
    throw new ConfigError(
      "AIRFLOW_URL",
      "is not set; it is Airflow's base URL, such as https://airflow.example.com",
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      "AIRFLOW_URL",
      "is not a URL; give one such as https://airflow.example.com",
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError("AIRFLOW_URL", "must be an http or https URL");
  }
  if (url.username || url.password) {
    throw new ConfigError(
      "AIRFLOW_URL",
      "must not carry credentials; set AIRFLOW_TOKEN, or AIRFLOW_USERNAME and AIRFLOW_PASSWORD",
    );
  }
  return url.href.replace(/\/$/, "");
}

function airflowCredentials(env: Env): AirflowCredentials | undefined {
  const token = text(env, "AIRFLOW_TOKEN");
  const username = text(env, "AIRFLOW_USERNAME");
  const password = text(env, "AIRFLOW_PASSWORD");
  if (token !== undefined) {
    if (username !== undefined || password !== undefined) {
      throw new ConfigError(
        "AIRFLOW_TOKEN",
        "is set together with AIRFLOW_USERNAME or AIRFLOW_PASSWORD; set one kind of credentials",
      );
    }
    return { token: new Secret(token) };
  }
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined) {
    throw new ConfigError("AIRFLOW_USERNAME", "is not set, but AIRFLOW_PASSWORD is");
  }
  if (password === undefined) {
    throw new ConfigError("AIRFLOW_PASSWORD", "is not set, but AIRFLOW_USERNAME is");
  }
  return { username, password: new Secret(password) };
}

function bearerTokens(env: Env): Secret[] {
  const tokens = list(env, "MCP_BEARER_TOKEN");
  for (const token of tokens) {
    if (token.length < MIN_BEARER_TOKEN_LENGTH || /\s/.test(token)) {
      throw new ConfigError(
        "MCP_BEARER_TOKEN",
        `each token must be at least ${MIN_BEARER_TOKEN_LENGTH} characters with no spaces; ` +
          "make one with `openssl rand -hex 32`",
      );
    }
  }
  return tokens.map((token) => new Secret(token));
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

function access(env: Env): AccessSettings | undefined {
  const domain = text(env, "MCP_ACCESS_TEAM_DOMAIN");
  const audience = text(env, "MCP_ACCESS_AUD");
  if (domain === undefined && audience === undefined) return undefined;
  if (domain === undefined) {
    throw new ConfigError("MCP_ACCESS_TEAM_DOMAIN", "is not set, but MCP_ACCESS_AUD is");
  }
  if (audience === undefined) {
    throw new ConfigError("MCP_ACCESS_AUD", "is not set, but MCP_ACCESS_TEAM_DOMAIN is");
  }
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(domain) ? domain : `https://${domain}`);
  } catch {
    throw new ConfigError(
      "MCP_ACCESS_TEAM_DOMAIN",
      "is not a domain, such as example.cloudflareaccess.com",
    );
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw new ConfigError("MCP_ACCESS_TEAM_DOMAIN", "must be an https origin");
  }
  return { teamDomain: url.origin, audience };
}

/**
 * Reads the configuration from environment variables ({@link ENV_VARIABLES} lists them).
 *
 * @param env A Worker's `env`, `Deno.env.toObject()` or `process.env`.
 * @returns The configuration, with credentials wrapped in {@link Secret}s.
 * @throws {ConfigError} When a variable is missing or unusable.
 * @example
 * ```ts
 * import { configFromEnv } from "@airflowkit/mcp";
 *
 * const config = configFromEnv({ AIRFLOW_URL: "http://localhost:8080", AIRFLOW_TOKEN: "t" });
 * console.log(config.allowWrites); // false
 * ```
 */
export function configFromEnv(env: Env): McpConfig {
  return {
    airflowUrl: airflowUrl(env),
    airflowCredentials: airflowCredentials(env),
    allowWrites: flag(env, "MCP_ALLOW_WRITES"),
    maxOutputBytes: number(env, "MCP_MAX_OUTPUT_BYTES", 16_000, 2_000, 1_000_000),
    maxWaitSeconds: number(env, "MCP_MAX_WAIT_SECONDS", 120, 0, 3_600),
    pollIntervalSeconds: number(env, "MCP_POLL_INTERVAL_SECONDS", 2, 0.05, 60),
    bearerTokens: bearerTokens(env),
    access: access(env),
    allowedOrigins: list(env, "MCP_ALLOWED_ORIGINS"),
  };
}

/** Every credential in `config`, for scrubbing them from what the server says. */
export function secretsOf(config: McpConfig): string[] {
  const credentials = config.airflowCredentials;
  return [
    ...(credentials ? ["token" in credentials ? credentials.token : credentials.password] : []),
    ...config.bearerTokens,
  ].map((secret) => secret.reveal());
}
