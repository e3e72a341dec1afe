/**
 * airflowkit with code evaluation turned off, as in Cloudflare Workers: TypeBox cannot compile,
 * so responses are checked by the client's closure checks.
 */
import { Settings } from "typebox/system";
Settings.Set({ useAcceleration: false });

export { connect, eachTaskInstance, getDag, taskInstancePage } from "./airflowkit.ts";
