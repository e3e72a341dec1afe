/**
 * The `variables` namespace: every generated operation, plus setting a variable in one call.
 *
 * @module
 */
import type { ApiClient } from "../core/client.ts";
import {
  setVariable,
  type SetVariableOptions,
  type VariableEndpoints,
} from "../core/variable_setter.ts";
import * as op from "./generated/operations.ts";
import { VariablesApi } from "./generated/resources.ts";
import type { VariableResponse } from "./generated/types.ts";

const ENDPOINTS: VariableEndpoints = { create: op.postVariable, update: op.patchVariable };

/** Variables: the operations of {@link VariablesApi}, plus {@link Variables.set}. */
export class Variables extends VariablesApi {
  readonly #core: ApiClient;

  /**
   * Binds the namespace to a client core; {@link Airflow} does this for you.
   *
   * @param core The client core that sends the requests.
   */
  constructor(core: ApiClient) {
    super(core);
    this.#core = core;
  }

  /**
   * Sets a variable, creating it if it does not exist. Airflow stores values as text, so the
   * value is a string: `JSON.stringify` structured data, and `JSON.parse` it when read back.
   * An existing variable keeps its description unless `options.description` is given.
   *
   * @example
   * ```ts
   * import { Airflow } from "@airflowkit/client";
   *
   * const airflow = new Airflow({ baseUrl: "http://localhost:8080", auth: { token: "t" } });
   * await airflow.variables.set("limits", JSON.stringify({ max: 3 }), { description: "caps" });
   * const limits = JSON.parse((await airflow.variables.get("limits")).value);
   * console.log(limits.max);
   * ```
   */
  set(key: string, value: string, options?: SetVariableOptions): Promise<VariableResponse> {
    return setVariable(this.#core, ENDPOINTS, key, value, options);
  }
}
