/**
 * Human-in-the-loop details (3.1+), as `routes/public/hitl.py` answers them: a task instance of
 * a task seeded with `hitl` has a detail for each try that has started; answering it (once, by
 * one of its assigned users if it names any) lets the waiting task succeed.
 *
 * @module
 */
import {
  type Context,
  findTaskInstance,
  type Handler,
  type Handlers,
  listAnswer,
  selectRuns,
} from "../context.ts";
import { fail, iso, json } from "../http.ts";
import { ilikeContains } from "../like.ts";
import type { Item } from "../query.ts";
import { pastTry, tiHistoryResponse, tiResponse } from "../serializers.ts";
import { type RunRecord, type TaskView, tryKey } from "../store.ts";
import type { TryPlan } from "../timeline.ts";

function user(name: string): Item {
  return { id: name, name };
}

/** `HITLDetail` of a try (`HITLDetailHistory` with `history`). */
function hitlDetail(
  context: Context,
  run: RunRecord,
  task: TaskView,
  attempt: TryPlan,
  history = false,
): Item {
  const hitl = task.task.hitl!;
  const answer = run.answers.get(tryKey(task.position, attempt.try_number));
  const instance = history && attempt !== task.current
    ? tiHistoryResponse(context.store, run, task, pastTry(attempt))
    : history
    ? tiHistoryResponse(context.store, run, task)
    : tiResponse(context.store, run, task);
  return {
    assigned_users: (hitl.assignedUsers ?? []).map(user),
    body: hitl.body ?? null,
    chosen_options: answer?.chosen_options ?? null,
    created_at: iso(attempt.start),
    defaults: hitl.defaults ?? null,
    multiple: hitl.multiple ?? false,
    options: hitl.options,
    params: hitl.params ?? {},
    params_input: answer?.params_input ?? {},
    responded_at: answer ? iso(answer.at) : null,
    responded_by_user: answer ? user(answer.user) : null,
    response_received: answer !== undefined,
    subject: hitl.subject,
    task_instance: instance,
  };
}

/** The task instance a path names, and the try whose detail it asks for; 404s as Airflow's. */
function detailOf(context: Context): { run: RunRecord; task: TaskView; attempt: TryPlan } {
  const { run, task } = findTaskInstance(context);
  const wanted = context.params.try_number as number | undefined;
  const attempt = wanted === undefined || wanted === -1
    ? task.current
    : task.started.find((candidate) => candidate.try_number === wanted);
  if (wanted !== undefined && wanted !== -1 && !attempt) {
    fail(
      404,
      `The Task Instance with dag_id: \`${run.dag_id}\`, run_id: \`${run.run_id}\`, task_id: \`${task.task.task_id}\` and map_index: \`${task.mapIndex}\` was not found`,
    );
  }
  if (!task.task.hitl || !attempt) {
    const id = context.store.tiId(run, task.task.task_id, task.mapIndex, attempt?.try_number ?? 0);
    fail(404, `Human-in-the-loop detail does not exist for Task Instance with id ${id}`);
  }
  return { run, task, attempt };
}

const update: Handler = (context) => {
  const { run, task, attempt } = detailOf(context);
  const key = tryKey(task.position, attempt.try_number);
  const id = context.store.tiId(run, task.task.task_id, task.mapIndex, attempt.try_number);
  if (run.answers.has(key)) {
    fail(
      409,
      `Human-in-the-loop detail has already been updated for Task Instance with id ${id} and is not allowed to write again.`,
    );
  }
  const name = context.user?.username ?? "admin";
  const assigned = task.task.hitl!.assignedUsers ?? [];
  if (assigned.length > 0 && !assigned.includes(name)) {
    fail(403, `User=${name} (id=${name}) is not a respondent for the task.`);
  }
  const body = context.body as { chosen_options: string[]; params_input?: Record<string, unknown> };
  const answer = {
    chosen_options: body.chosen_options,
    params_input: body.params_input ?? {},
    at: context.now,
    user: name,
  };
  run.answers.set(key, answer);
  context.store.answer(run, task.position, context.now);
  return json({
    chosen_options: answer.chosen_options,
    params_input: answer.params_input,
    responded_at: iso(answer.at),
    responded_by: user(name),
  });
};

const nested = (field: string) => (item: Item, value: unknown) =>
  String((item.task_instance as Item)[field]) === String(value);

/** HITL endpoints. */
export const hitlHandlers: Handlers = {
  get_hitl_details: (context) => {
    const items = selectRuns(context).flatMap((run) =>
      context.store.view(run, context.now).tasks.flatMap((task) =>
        task.task.hitl && task.current ? [hitlDetail(context, run, task, task.current)] : []
      )
    );
    return listAnswer(context, items, {
      aliases: {
        task_id: nested("task_id"),
        map_index: nested("map_index"),
        state: (item, value) =>
          (value as string[]).includes(String((item.task_instance as Item).state)),
        task_id_pattern: (item, value) =>
          ilikeContains(String(value), String((item.task_instance as Item).task_id)),
        dag_id_pattern: (item, value) =>
          ilikeContains(String(value), String((item.task_instance as Item).dag_id)),
        responded_by_user_id: (item, value) =>
          (value as string[]).includes(String((item.responded_by_user as Item | null)?.id)),
        responded_by_user_name: (item, value) =>
          (value as string[]).includes(String((item.responded_by_user as Item | null)?.name)),
        subject_search: (item, value) => ilikeContains(String(value), String(item.subject)),
        body_search: (item, value) => ilikeContains(String(value), String(item.body ?? "")),
      },
      orderAliases: { ti_id: "created_at" },
      defaultOrder: ["created_at"],
    });
  },
  get_hitl_detail: (context) => {
    const { run, task, attempt } = detailOf(context);
    return json(hitlDetail(context, run, task, attempt));
  },
  get_hitl_detail_try_detail: (context) => {
    const { run, task, attempt } = detailOf(context);
    return json(hitlDetail(context, run, task, attempt, true));
  },
  update_hitl_detail: update,
};
