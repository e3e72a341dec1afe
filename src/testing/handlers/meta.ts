/**
 * Handlers of the version and health endpoints.
 *
 * @module
 */
import type { Handlers } from "../context.ts";
import { iso, json } from "../http.ts";

/** `get_version`, `get_health`. */
export const metaHandlers: Handlers = {
  get_version: (context) => json({ git_version: null, version: context.settings.version }),
  get_health: (context) => {
    const heartbeat = iso(context.now);
    return json({
      dag_processor: { latest_dag_processor_heartbeat: heartbeat, status: "healthy" },
      metadatabase: { status: "healthy" },
      scheduler: { latest_scheduler_heartbeat: heartbeat, status: "healthy" },
      triggerer: { latest_triggerer_heartbeat: heartbeat, status: "healthy" },
    });
  },
};
