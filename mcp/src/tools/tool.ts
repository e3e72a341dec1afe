/**
 * What a tool is: its name, description, input and output schemas, safety annotations, what it
 * names in Airflow (to explain a 404), how it runs and how its answer reads as text. Every tool
 * is one of these; `register.ts` turns them into MCP tools with bounded answers and actionable
 * errors, so no tool repeats that work.
 *
 * @module
 */
import type * as z from "zod";
import type { AirflowApi } from "../airflow/api.ts";
import type { McpConfig } from "../config/config.ts";

/** Something a tool names in Airflow, checked in order when Airflow answers 404. */
export type Subject =
  | { kind: "dag"; dagId: string }
  | { kind: "run"; dagId: string; runId: string }
  | { kind: "task"; dagId: string; runId: string; taskId: string }
  | { kind: "variable"; key: string };

/** A step of a long tool, for the client's progress display. */
export interface ProgressStep {
  /** How far along, in `total`'s unit; it grows with each step. */
  progress: number;
  total?: number;
  message: string;
}

/** What a tool runs with. */
export interface ToolContext {
  /** The server's Airflow, connected on first use. */
  airflow(): Promise<AirflowApi>;
  config: McpConfig;
  /** Aborted when the client cancels the call. */
  signal: AbortSignal;
  /** Reports progress, when the client asked for it; otherwise does nothing. */
  progress(step: ProgressStep): Promise<void>;
}

/**
 * The MCP annotations of a tool, each stated: clients decide from them whether to ask the user
 * before a call.
 */
export interface Annotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** A tool as written: its input type comes from its input schema. */
export interface ToolSpec<Input extends z.ZodRawShape, Output extends object> {
  /** snake_case, unique. */
  name: string;
  title: string;
  /** What it does and when to use it, for the model. */
  description: string;
  input: Input;
  /** The shape of what `run` returns (a `truncated` note is added to every tool's). */
  output: z.ZodRawShape;
  annotations: Annotations;
  /** What the arguments name in Airflow, for explaining a 404. */
  subjects?(args: z.output<z.ZodObject<Input>>): Subject[];
  run(args: z.output<z.ZodObject<Input>>, context: ToolContext): Promise<Output>;
  /** The answer as short text for the model, from the (possibly cut) output. */
  text(output: Output): string;
  /**
   * Lists in the output whose last items matter most (a log's tail): when the answer must be
   * cut, their first items go. Other lists lose their last items.
   */
  keepTail?: readonly string[];
}

/** Any tool, its types erased, as the registry holds it. */
export interface Tool {
  name: string;
  title: string;
  description: string;
  input: z.ZodRawShape;
  output: z.ZodRawShape;
  annotations: Annotations;
  subjects?(args: Record<string, unknown>): Subject[];
  run(args: Record<string, unknown>, context: ToolContext): Promise<object>;
  text(output: object): string;
  keepTail?: readonly string[];
}

/** Declares a tool; the result goes in the registry with every other. */
export function defineTool<Input extends z.ZodRawShape, Output extends object>(
  spec: ToolSpec<Input, Output>,
): Tool {
  return spec as unknown as Tool;
}

/** An error whose message is already what the model should read. */
export class ToolError extends Error {
  /** @param message What went wrong and what to do about it. */
  constructor(message: string) {
    super(message);
    this.name = "ToolError";
  }
}

/** Annotations of a tool that only reads. */
export const READS: Annotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};
