/**
 * Setting a variable in one call, for every API version: update it, or create it when it does
 * not exist yet. Airflow stores a variable's value as text (an object sent to Airflow 3 comes
 * back as its Python repr), so values must be strings.
 *
 * @module
 */
import type { AirflowCore } from "./client.ts";
import { ConflictError, type FieldIssue, NotFoundError, RequestValidationError } from "./errors.ts";
import type { Operation } from "./operation.ts";
import type { RequestOptions } from "./options.ts";
import { describeValue } from "./wire.ts";

/** The operations setting a variable uses, from one API version. */
export interface VariableEndpoints {
  /** Creates a variable; body `{ key, value, description? }`. */
  create: Operation;
  /** Updates a variable; path `[key]`, body `{ key, value, description? }`. */
  update: Operation;
  /**
   * Whether the update names the fields it sets in `update_mask`. Airflow 3 sets every field of
   * the body without one (a description left out becomes `null`); Airflow 2 sets those the body
   * has, and refuses `value` in a mask, since it stores the value under another name.
   */
  updateMask: boolean;
}

/** Options of `variables.set`. */
export interface SetVariableOptions extends RequestOptions {
  /** The variable's description; left as it is when not given. */
  description?: string | null;
}

/**
 * Updates the variable `key` to `value`, or creates it; resolves with the variable as Airflow
 * answers. Updating first means an existing variable keeps its description unless one is given.
 */
export async function upsertVariable<Variable>(
  core: AirflowCore,
  endpoints: VariableEndpoints,
  key: string,
  value: string,
  options: SetVariableOptions = {},
): Promise<Variable> {
  const { description, ...call } = options;
  checkArguments(key, value, description);
  const body = description === undefined ? { key, value } : { key, value, description };
  const mask = Object.keys(body).filter((field) => field !== "key");
  const update = () =>
    core.call<Variable>(endpoints.update, {
      path: [key],
      body,
      query: endpoints.updateMask ? { update_mask: mask } : undefined,
    }, call);
  try {
    return await update();
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  try {
    return await core.call<Variable>(endpoints.create, { body }, call);
  } catch (error) {
    // Created by someone else since the update found nothing: update it after all.
    if (error instanceof ConflictError) return await update();
    throw error;
  }
}

function checkArguments(key: unknown, value: unknown, description: unknown): void {
  const issues: FieldIssue[] = [];
  if (typeof key !== "string" || key.length === 0) {
    issues.push({ path: "key", message: `must be a non-empty string, got ${describeValue(key)}` });
  }
  if (typeof value !== "string") {
    issues.push({
      path: "value",
      message: `must be a string, got ${describeValue(value)}: Airflow stores variables as ` +
        "text, so pass JSON.stringify(value) and JSON.parse it when you read it back",
    });
  }
  if (description !== undefined && description !== null && typeof description !== "string") {
    issues.push({
      path: "options.description",
      message: `must be a string or null, got ${describeValue(description)}`,
    });
  }
  if (issues.length > 0) throw new RequestValidationError("variables.set", issues);
}
