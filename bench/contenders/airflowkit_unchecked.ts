/** airflowkit with `validateResponses: false`. */
import { Airflow } from "@airflowkit/client";

export function connect(baseUrl: string, token: string): Airflow {
  return new Airflow({ baseUrl, auth: { token }, validateResponses: false });
}

export { eachTaskInstance, getDag, taskInstancePage } from "./airflowkit.ts";
