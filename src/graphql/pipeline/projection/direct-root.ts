/**
 * A root field may name, in its schema extensions, a plain function doing exactly what its
 * type-graphql resolver does (argument reading, middleware, method) for the projection to call
 * instead: type-graphql's parameter and middleware dispatch costs more than the lookup itself
 * when fifty aliased fields each go through it. The function must give the same value or the
 * same rejection as the resolver for every input (the projection's equivalence tests hold it to
 * that); its result is handed to graphql-jit like any root result when the projection declines.
 *
 * A field may instead name a lookup in parts (`DirectRootLookup`), for the projection to finish
 * itself: its value is then `Promise.resolve(lookup(args, context)).then(finish, fail)`, which
 * the projection builds only when it declines. When it answers, it waits for the lookups
 * together and maps each value with `finish`: no derived promise and no extra turn of the
 * microtask queue per root field, fifty of each for fifty aliased lookups.
 */
import type { GraphQLField } from 'graphql';

/** The extensions key of a root field's direct resolver. */
export const DIRECT_RESOLVE = 'gatewayDirectResolve';

/** `(args, context)` → what the field's resolver returns for them. */
export type DirectRootResolver = (
  args: Readonly<Record<string, unknown>>,
  context: unknown,
) => unknown;

/** A direct resolver in parts (see the module comment). */
export interface DirectRootLookup {
  /** Starts the lookup: a value or a promise; may throw as the resolver would reject. */
  readonly lookup: DirectRootResolver;
  /** The field's value for the lookup's value. */
  readonly finish: (value: unknown) => unknown;
  /** The field's rejection for the lookup's (throws). */
  readonly fail: (error: unknown) => never;
}

/** What the projection calls for a root field that declares a direct resolver. */
export interface DirectRoot {
  readonly lookup: DirectRootResolver;
  /** Absent: the lookup's result is the field's value as it is. */
  readonly finish?: DirectRootLookup['finish'];
  readonly fail?: DirectRootLookup['fail'];
}

const isLookup = (value: unknown): value is DirectRootLookup =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as DirectRootLookup).lookup === 'function' &&
  typeof (value as DirectRootLookup).finish === 'function' &&
  typeof (value as DirectRootLookup).fail === 'function';

/** The field's direct resolver, if it declares one. */
export function directRootOf(field: GraphQLField<unknown, unknown>): DirectRoot | undefined {
  const declared = field.extensions?.[DIRECT_RESOLVE];
  if (typeof declared === 'function') return { lookup: declared as DirectRootResolver };
  return isLookup(declared) ? declared : undefined;
}

/** The field's value for a lookup's result, as its resolver gives it (module comment). */
export function fieldValueOf(direct: DirectRoot, lookedUp: unknown): unknown {
  const { finish, fail } = direct;
  return finish === undefined ? lookedUp : Promise.resolve(lookedUp).then(finish, fail);
}
