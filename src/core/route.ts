/**
 * Calls by route: `request("GET /api/v2/dags/{dag_id}", { dag_id })` finds the operation and
 * splits one flat parameter object into path, query and body.
 *
 * @module
 */
import type { AirflowCore } from "./client.ts";
import { AirflowError } from "./errors.ts";
import type { Operation } from "./operation.ts";
import type { RequestOptions } from "./options.ts";

/** The arguments of `request()`: parameters are optional when none is required. */
export type RouteArgs<P> = Record<never, never> extends P ? [params?: P, options?: RequestOptions]
  : [params: P, options?: RequestOptions];

/** Calls the operation at `route` with flat `args`. */
export function callRoute<R>(
  core: AirflowCore,
  routes: Readonly<Record<string, Operation>>,
  route: string,
  args: readonly unknown[],
): Promise<R> {
  const operation = Object.hasOwn(routes, route) ? routes[route] : undefined;
  if (!operation) {
    return Promise.reject(
      new AirflowError(
        `no operation ${JSON.stringify(route)}: write the method and the path as in the spec, ` +
          `such as "GET /api/v2/dags/{dag_id}"`,
      ),
    );
  }
  if (operation.servedBy) {
    return Promise.reject(
      new AirflowError(
        `${route} answers with a stream: call ${operation.servedBy} instead of request()`,
      ),
    );
  }
  const [params, options] = args as [Record<string, unknown> | undefined, RequestOptions?];
  const { body, ...rest } = params ?? {};
  const path = operation.pathParams.map((param) => {
    const value = rest[param.name];
    delete rest[param.name];
    return value;
  });
  const query = Object.keys(rest).length > 0 ? rest : undefined;
  return core.call<R>(operation, { path, query, body }, options);
}
