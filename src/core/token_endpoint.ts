/**
 * Minting a JWT from a username and password at Airflow 3's `POST /auth/token`, which the specs
 * leave out: JSON `{ username, password }` in, 201 `{ access_token }` out.
 *
 * @module
 */
import { APIError, AuthenticationError, ResponseValidationError } from "./errors.ts";
import type { Operation } from "./operation.ts";
import { credentialHeaderNames } from "./options.ts";
import type { Minted } from "./auth.ts";
import type { PreparedRequest } from "./request.ts";

/**
 * Sends a prepared request with the client's retries and errors, and resolves with its value
 * and the answer's headers.
 */
export type Sender = (request: PreparedRequest) => Promise<{ value: unknown; headers: Headers }>;

/**
 * Mints a token at `tokenPath`, sending the client's `headers` too. A 404 or 405 there means the
 * server has no such endpoint (a proxy, a managed service with tokens of its own): an
 * `AuthenticationError` that says so.
 */
export async function mintToken(
  send: Sender,
  baseUrl: string,
  tokenPath: string,
  credentials: { username: string; password: string },
  headers: Record<string, string>,
): Promise<Minted> {
  const operation: Operation = {
    id: "create_token",
    method: "POST",
    path: tokenPath,
    pathParams: [],
    responseKind: "json",
    auth: false,
  };
  const url = `${baseUrl}${tokenPath}`;
  const body = { username: credentials.username, password: credentials.password };
  let answer: { value: unknown; headers: Headers };
  try {
    answer = await send({
      operation,
      url,
      headers: { ...headers, accept: "application/json", "content-type": "application/json" },
      credentials: credentialHeaderNames(headers),
      body: JSON.stringify(body),
    });
  } catch (error) {
    if (error instanceof APIError && (error.status === 404 || error.status === 405)) {
      throw new AuthenticationError({
        status: error.status,
        method: error.method,
        url: error.url,
        body: error.body,
        headers: error.headers,
        detail: `this server has no token endpoint at POST ${tokenPath} (it answered ` +
          `${error.status}); if it issues tokens another way, pass auth: { token } instead ` +
          "of a username and password",
      });
    }
    throw error;
  }
  const token = (answer.value as { access_token?: unknown } | undefined)?.access_token;
  const problem = typeof token !== "string" || token.length === 0
    ? "the token answer has no access_token"
    : /^[\t\x20-\x7e]*$/.test(token)
    ? undefined
    : "the token holds characters an HTTP header cannot carry";
  if (problem) {
    throw new ResponseValidationError(
      "POST",
      url,
      [{ path: "access_token", message: problem }],
      undefined,
    );
  }
  const date = Date.parse(answer.headers.get("date") ?? "");
  return { token: token as string, serverTime: Number.isNaN(date) ? undefined : date };
}
