/**
 * A root field may name, in its schema extensions, a plain function doing exactly what its
 * type-graphql resolver does (argument reading, middleware, method) for the projection to call
 * instead: type-graphql's parameter and middleware dispatch costs more than the lookup itself
 * when fifty aliased fields each go through it. The function must give the same value or the
 * same rejection as the resolver for every input (the projection's equivalence tests hold it to
 * that); its result is handed to graphql-jit like any root result when the projection declines.
 */
import type { GraphQLField } from 'graphql';

/** The extensions key of a root field's direct resolver. */
export const DIRECT_RESOLVE = 'gatewayDirectResolve';

/** `(args, context)` → what the field's resolver returns for them. */
export type DirectRootResolver = (
  args: Readonly<Record<string, unknown>>,
  context: unknown,
) => unknown;

/** The field's direct resolver, if it declares one. */
export function directRootResolverOf(
  field: GraphQLField<unknown, unknown>,
): DirectRootResolver | undefined {
  const declared = field.extensions?.[DIRECT_RESOLVE];
  return typeof declared === 'function' ? (declared as DirectRootResolver) : undefined;
}
