/**
 * One set of handlers for every keyed collection (pools, variables, connections): list with
 * paging and filters, read, create (409 when the key exists), patch with `update_mask`, delete.
 *
 * @module
 */
import { type Context, type Handlers, listAnswer, param } from "../context.ts";
import { fail, json, noContent } from "../http.ts";
import type { Item } from "../query.ts";
import type { Store } from "../store.ts";

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
