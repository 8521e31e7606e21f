/**
 * A field below the root may name, in its schema extensions, a plain function doing exactly
 * what its type-graphql field resolver does (middleware included) for the executors to call
 * instead. type-graphql's dispatch builds a parameter list, runs the middleware chain and wraps
 * an async method, a few promises and closures per call; `referenceProductInstance` is called
 * once per instance of a page, two hundred times for a page of 100. The function must give the
 * same value or the same rejection as the resolver for every parent and context (the read
 * tests of those fields hold it to that).
 */
import { isObjectType, type GraphQLSchema } from 'graphql';

/** The extensions key of a field's direct resolver. */
export const DIRECT_FIELD_RESOLVE = 'gatewayDirectFieldResolve';

/** `(parent, context)` → what the field's resolver returns for them. */
export type DirectFieldResolver = (parent: unknown, context: unknown) => unknown;

/** Makes each field declaring a direct resolver resolve through it (in place). */
export function installDirectFieldResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const direct = field.extensions?.[DIRECT_FIELD_RESOLVE];
      if (typeof direct !== 'function' || field.args.length > 0) continue;
      const resolve = direct as DirectFieldResolver;
      field.resolve = (parent, _args, context) => resolve(parent, context);
    }
  }
  return schema;
}
