/**
 * Root field results an execution already has, handed to the execution that must redo the
 * operation. The projection (projection-executor.ts) calls the root resolvers itself (or the
 * plain functions they declare, direct-root.ts); when it cannot finish (an error, a null where
 * the schema forbids one, a value it does not project), graphql-jit runs the operation again and must see the same root values, not call
 * the resolvers a second time: a second `packages` would be a second upstream call, and a
 * rejected lookup must give exactly the error the first call gave.
 *
 * `memoiseRootResolvers` makes every field of the query type answer from the results recorded
 * for the request's context, by the field's first node (the same node in every executor: they
 * share the document); `withRootResults` records them for the length of one execution.
 */
import type { FieldNode, GraphQLSchema } from 'graphql';

/** Root results by the first node of each field's merged selection. */
export type RootResults = Map<FieldNode, unknown>;

const recorded = new WeakMap<object, RootResults>();

/** Wraps the query type's resolvers (in place; returns the schema). Apply before serving. */
export function memoiseRootResolvers(schema: GraphQLSchema): GraphQLSchema {
  const queryType = schema.getQueryType();
  if (queryType === null || queryType === undefined) return schema;
  for (const field of Object.values(queryType.getFields())) {
    const resolve = field.resolve;
    if (resolve === undefined) continue;
    field.resolve = (source, args, context, info) => {
      const results =
        typeof context === 'object' && context !== null ? recorded.get(context) : undefined;
      const node = info.fieldNodes[0];
      if (results !== undefined && node !== undefined && results.has(node))
        return results.get(node);
      return resolve(source, args, context, info);
    };
  }
  return schema;
}

/** Runs `execute` with `results` as the root results of `context`'s execution. */
export async function withRootResults<T>(
  context: unknown,
  results: RootResults,
  execute: () => T | Promise<T>,
): Promise<T> {
  if (typeof context !== 'object' || context === null || results.size === 0) return execute();
  recorded.set(context, results);
  try {
    return await execute();
  } finally {
    recorded.delete(context);
  }
}
