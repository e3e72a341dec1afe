/**
 * Opens the {@link AirflowApi} for a configuration: `connect()` asks the server which API it
 * speaks on first use, and the answer is kept for the life of the server (an isolate, on
 * Workers), so that the token the client mints is reused too. A failed attempt is not kept.
 *
 * @module
 */
import type { ClientOptions } from "@airflowkit/client";
import { connect } from "@airflowkit/client/connect";
import type { McpConfig } from "../config/config.ts";
import type { AirflowApi } from "./api.ts";
import { ClientApi } from "./client_api.ts";

/** Milliseconds each request to Airflow may take. */
const REQUEST_TIMEOUT = 30_000;

/** The client options for a configuration. */
export function clientOptions(config: McpConfig): ClientOptions {
  const credentials = config.airflowCredentials;
  return {
    baseUrl: config.airflowUrl,
    timeout: REQUEST_TIMEOUT,
    auth: !credentials
      ? undefined
      : "token" in credentials
      ? { token: () => credentials.token.reveal() }
      : { username: credentials.username, password: credentials.password.reveal() },
  };
}

/** Gives the server's {@link AirflowApi}, connecting on the first call. */
export type AirflowOpener = () => Promise<AirflowApi>;

/**
 * An opener for `config`: the first call connects, later ones share its answer; after a
 * failure the next call tries again.
 */
export function airflowOpener(config: McpConfig): AirflowOpener {
  let opened: Promise<AirflowApi> | undefined;
  return () => {
    opened ??= connect(clientOptions(config)).then(
      (client): AirflowApi => new ClientApi(client),
      (error) => {
        opened = undefined;
        throw error;
      },
    );
    return opened;
  };
}
