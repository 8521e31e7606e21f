/**
 * Leaves checked once, where a source object is made, rather than each time an answer holds
 * them. `DateTime` is most of the leaves of a page (two timestamps per package, two or three per
 * instance), and its `serialize` checks each string character by character; the requests joined
 * by one coalesced read share their mapped objects, and each checked every timestamp again.
 *
 * - A scalar declares, in its extensions under `SERIALIZES_UNCHANGED`, a test on strings for
 *   which its `serialize` returns the string itself (it must never pass one `serialize` would
 *   change or refuse).
 * - A mapper that has run that test on every field of its object whose type is such a scalar,
 *   and found each value null, undefined or passing, marks the object with `markLeavesVerified`.
 * - The projection completes those fields of a marked object without `serialize`. The mark is
 *   the object itself under a symbol: a copy of the object (a spread) carries the mark but is not
 *   the object it names, so its leaves are checked again. Mapped objects are never changed in
 *   place.
 */
import type { GraphQLScalarType } from 'graphql';

/** The extensions key of a scalar's "serialised unchanged" test. */
export const SERIALIZES_UNCHANGED = 'gatewaySerializesUnchanged';

/** True when the scalar's `serialize(value)` is `value` itself. */
export type UnchangedTest = (value: string) => boolean;

/** The key of the mark; its value is the marked object itself. */
export const LEAVES_VERIFIED: unique symbol = Symbol('leaves verified');

/** An object that may carry the mark (mappers declare their results with it). */
export interface MayHaveVerifiedLeaves {
  [LEAVES_VERIFIED]?: unknown;
}

/** The scalar's test, if it declares one. */
export function unchangedTestOf(type: GraphQLScalarType): UnchangedTest | undefined {
  const declared = type.extensions?.[SERIALIZES_UNCHANGED];
  return typeof declared === 'function' ? (declared as UnchangedTest) : undefined;
}

/**
 * Marks `object` when `test` passes the value of each of `fields` that is not null or
 * undefined: `fields` must be all of the object's fields whose type declares `test` (see the
 * module comment; each mapper's list is held to its type's fields by a test).
 */
export function markLeavesVerified<T extends MayHaveVerifiedLeaves>(
  object: T,
  test: UnchangedTest,
  fields: readonly (keyof T & string)[],
): T {
  for (const field of fields) {
    const value = object[field];
    if (value !== null && value !== undefined && !(typeof value === 'string' && test(value))) {
      return object;
    }
  }
  object[LEAVES_VERIFIED] = object;
  return object;
}
