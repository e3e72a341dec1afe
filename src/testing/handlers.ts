/**
 * Every operation's handler, by operation id: the fake answers each of the union of the
 * Airflow 3.0, 3.1 and 3.2 specs.
 *
 * @module
 */
import type { Handlers } from "./context.ts";
import { assetHandlers } from "./handlers/assets.ts";
import { backfillHandlers } from "./handlers/backfills.ts";
import { clearHandlers } from "./handlers/clear.ts";
import { dagExtraHandlers } from "./handlers/dag_extras.ts";
import { dagRunHandlers } from "./handlers/dag_runs.ts";
import { dagHandlers } from "./handlers/dags.ts";
import { eventLogHandlers } from "./handlers/event_logs.ts";
import { hitlHandlers } from "./handlers/hitl.ts";
import { logHandlers } from "./handlers/logs.ts";
import { metaHandlers } from "./handlers/meta.ts";
import {
  connectionExtraHandlers,
  connectionHandlers,
  poolHandlers,
  variableHandlers,
} from "./handlers/pools.ts";
import { serverHandlers } from "./handlers/server.ts";
import { taskInstanceChangeHandlers } from "./handlers/task_instance_changes.ts";
import { taskInstanceDetailHandlers } from "./handlers/task_instance_details.ts";
import { taskInstanceHandlers } from "./handlers/task_instances.ts";
import { waitHandlers } from "./handlers/wait.ts";
import { xcomHandlers } from "./handlers/xcoms.ts";

/** The handler of each operation. */
export const HANDLERS: Handlers = {
  ...metaHandlers,
  ...serverHandlers,
  ...dagHandlers,
  ...dagExtraHandlers,
  ...dagRunHandlers,
  ...taskInstanceHandlers,
  ...taskInstanceChangeHandlers,
  ...taskInstanceDetailHandlers,
  ...clearHandlers,
  ...logHandlers,
  ...waitHandlers,
  ...xcomHandlers,
  ...poolHandlers,
  ...variableHandlers,
  ...connectionHandlers,
  ...connectionExtraHandlers,
  ...assetHandlers,
  ...backfillHandlers,
  ...hitlHandlers,
  ...eventLogHandlers,
};
