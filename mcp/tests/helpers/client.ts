/**
 * The official SDK's MCP client, as the tests use it: connected over Streamable HTTP (with a
 * bearer token) or stdio, and a call helper that checks what every answer must be: one text
 * block, each of text and data within the size bound, and no credential anywhere in it.
 */
import assert from "node:assert/strict";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Progress } from "@modelcontextprotocol/sdk/types";
import { PASSWORD, TOKEN } from "./airflow.ts";

/** A client connected over Streamable HTTP to `url`, sending `token` (none if `null`). */
export async function connectHttp(
  url: string | URL,
  token: string | null = TOKEN,
): Promise<Client> {
  const client = new Client({ name: "airflowkit-mcp-tests", version: "1.0.0" });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }),
  );
  return client;
}

/** What a tool call gave. */
export interface Answer {
  text: string;
  data: Record<string, unknown>;
  isError: boolean;
}

const encoder = new TextEncoder();

/** Calls tools on one client and checks the invariants of every answer. */
export class Caller {
  /**
   * @param client A connected client.
   * @param maxOutputBytes The server's bound on each of text and data.
   */
  constructor(readonly client: Client, readonly maxOutputBytes = 16_000) {}

  /** Calls `name`; progress notifications, if asked for, go to `onProgress`. */
  async call(
    name: string,
    args: Record<string, unknown> = {},
    onProgress?: (progress: Progress) => void,
  ): Promise<Answer> {
    const result = await this.client.callTool(
      { name, arguments: args },
      undefined,
      onProgress ? { onprogress: onProgress, resetTimeoutOnProgress: true } : undefined,
    );
    const whole = JSON.stringify(result);
    assert.ok(!whole.includes(PASSWORD), `${name} answered with the Airflow password`);
    assert.ok(!whole.includes(TOKEN), `${name} answered with the bearer token`);
    const content = result.content as { type: string; text: string }[];
    assert.equal(content.length, 1, `${name}: one content block`);
    assert.equal(content[0].type, "text");
    const text = content[0].text;
    assert.ok(encoder.encode(text).length <= this.maxOutputBytes, `${name}: text over the bound`);
    const data = (result.structuredContent ?? {}) as Record<string, unknown>;
    assert.ok(
      encoder.encode(JSON.stringify(data)).length <= this.maxOutputBytes,
      `${name}: structured content over the bound`,
    );
    if (!result.isError) assert.ok(result.structuredContent, `${name}: structured content`);
    return { text, data, isError: result.isError === true };
  }

  /** Calls `name` and fails unless it succeeded. */
  async ok(name: string, args: Record<string, unknown> = {}): Promise<Answer> {
    const answer = await this.call(name, args);
    assert.equal(answer.isError, false, `${name} failed: ${answer.text}`);
    return answer;
  }

  /** Calls `name` and fails unless it was refused with a message matching `pattern`. */
  async refused(name: string, args: Record<string, unknown>, pattern: RegExp): Promise<string> {
    const answer = await this.call(name, args);
    assert.equal(answer.isError, true, `${name} should have failed: ${answer.text}`);
    assert.match(answer.text, pattern);
    return answer.text;
  }
}
