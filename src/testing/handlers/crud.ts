/**
 * One set of handlers for every keyed collection (pools, variables, connections): list with
 * paging and filters, read, create (409 when the key exists), patch with `update_mask`, delete,
 * and the bulk endpoint.
 *
 * @module
 */
import { type Context, type Handlers, listAnswer, param } from "../context.ts";
import { fail, HttpError, json, noContent } from "../http.ts";
import type { Item } from "../query.ts";
import type { Store } from "../store.ts";
import { type BulkAction, bulkAnswer, type BulkResults, pythonSet } from "./bulk.ts";

/** What differs between keyed collections. */
export interface CollectionSpec<R> {
  /** Operation id words: `get_<plural>`, `get_<singular>`, `post_<singular>`, ... */
  singular: string;
  plural: string;
  /** Path parameter holding the key. */
  keyParam: string;
  /** Body field holding the key. */
  keyField: string;
  /** Words of the 404 message: `The <label> with <keyLabel>: \`x\` was not found`. */
  label: string;
  keyLabel: string;
  records(store: Store): Map<string, R>;
  /** A record from a create body, or `existing` updated with `fields` of a patch body. */
  build(body: Record<string, unknown>, fields: string[], existing?: R): R;
  respond(record: R, context: Context): Item;
  aliases?: Record<string, string>;
  /** Throws when a record may not be deleted. */
  guardDelete?(key: string): void;
  /** How bulk errors name the keys: `pool names`, `keys`, `connection_ids`. */
  keysLabel: string;
}

/** The keys an action names: entities are bodies, or (to delete) keys or bodies. */
function keysOf<R>(spec: CollectionSpec<R>, action: BulkAction): string[] {
  return action.entities.map((entity) =>
    typeof entity === "string" ? entity : String(entity[spec.keyField])
  );
}

/** The bulk actions of one keyed collection, as Airflow's bulk services carry them out. */
function bulkActions<R>(context: Context, spec: CollectionSpec<R>) {
  const records = spec.records(context.store);
  const whole = (results: BulkResults, run: () => void) => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      results.errors.push({ error: String(error.detail), status_code: error.status });
    }
  };
  const missing = (keys: string[]) =>
    fail(
      404,
      `The ${spec.plural} with these ${spec.keysLabel}: ${pythonSet(keys)} were not found.`,
    );
  return {
    create: (action: BulkAction, results: BulkResults) =>
      whole(results, () => {
        const existing = keysOf(spec, action).filter((key) => records.has(key));
        if (existing.length > 0 && (action.action_on_existence ?? "fail") === "fail") {
          fail(
            409,
            `The ${spec.plural} with these ${spec.keysLabel}: ${
              pythonSet(existing)
            } already exist.`,
          );
        }
        for (const entity of action.entities) {
          const key = String(entity[spec.keyField]);
          if (action.action_on_existence === "skip" && existing.includes(key)) continue;
          records.set(key, spec.build(entity, Object.keys(entity)));
          results.success.push(key);
        }
      }),
    update: (action: BulkAction, results: BulkResults) =>
      whole(results, () => {
        const absent = keysOf(spec, action).filter((key) => !records.has(key));
        if (absent.length > 0 && action.action_on_non_existence !== "skip") missing(absent);
        for (const entity of action.entities) {
          const key = String(entity[spec.keyField]);
          const record = records.get(key);
          if (record === undefined) continue;
          const fields = (action.update_mask ?? Object.keys(entity)).filter((field) =>
            field !== spec.keyField
          );
          records.set(key, spec.build(entity, fields, record));
          results.success.push(key);
        }
      }),
    delete: (action: BulkAction, results: BulkResults) =>
      whole(results, () => {
        const keys = keysOf(spec, action);
        const absent = keys.filter((key) => !records.has(key));
        if (absent.length > 0 && action.action_on_non_existence !== "skip") missing(absent);
        for (const key of keys.filter((key) => records.has(key))) {
          records.delete(key);
          results.success.push(key);
        }
      }),
  };
}

/** The handlers of one keyed collection. */
export function collectionHandlers<R>(spec: CollectionSpec<R>): Handlers {
  const find = (context: Context): [string, R] => {
    const key = param(context, spec.keyParam);
    const record = spec.records(context.store).get(key);
    if (record === undefined) {
      fail(404, `The ${spec.label} with ${spec.keyLabel}: \`${key}\` was not found`);
    }
    return [key, record];
  };
  return {
    [`bulk_${spec.plural}`]: (context) => bulkAnswer(context, bulkActions(context, spec)),
    [`get_${spec.plural}`]: (context) => {
      const items = [...spec.records(context.store).values()].map((record) =>
        spec.respond(record, context)
      );
      return listAnswer(context, items, {
        aliases: spec.aliases,
        orderAliases: { id: spec.keyField },
        defaultOrder: [spec.keyField],
      });
    },
    [`get_${spec.singular}`]: (context) => json(spec.respond(find(context)[1], context)),
    [`post_${spec.singular}`]: (context) => {
      const body = context.body as Record<string, unknown>;
      const key = String(body[spec.keyField]);
      const records = spec.records(context.store);
      if (records.has(key)) {
        fail(409, `The ${spec.label} with ${spec.keyLabel}: \`${key}\` already exists`);
      }
      const record = spec.build(body, Object.keys(body));
      records.set(key, record);
      return json(spec.respond(record, context), 201);
    },
    [`patch_${spec.singular}`]: (context) => {
      const [key, existing] = find(context);
      const body = context.body as Record<string, unknown>;
      if (spec.keyField in body && body[spec.keyField] !== key) {
        fail(400, `Invalid body, ${spec.keyField} from request body doesn't match uri parameter`);
      }
      const mask = context.query.update_mask as string[] | undefined;
      const fields = (mask ?? Object.keys(body)).filter((field) => field !== spec.keyField);
      const record = spec.build(body, fields, existing);
      spec.records(context.store).set(key, record);
      return json(spec.respond(record, context));
    },
    [`delete_${spec.singular}`]: (context) => {
      const [key] = find(context);
      spec.guardDelete?.(key);
      spec.records(context.store).delete(key);
      return noContent();
    },
  };
}
