import type { GraphQLScalarType } from 'graphql';
import { Field, InputType } from 'type-graphql';

/** `$hasSome` / `$hasAll` over one field of a package's product instances (contract: query language). */
export interface SetMatch<T> {
  hasSome?: T[] | null;
  hasAll?: T[] | null;
}

/**
 * Declares one `…SetMatch` input type whose lists hold `itemType` (a scalar or a registered
 * enum). One factory keeps the seven instance predicates identical in shape.
 */
export function createSetMatchInput<T>(
  name: string,
  itemType: GraphQLScalarType | object,
  itemLabel: string,
) {
  @InputType(name, {
    description:
      `Matches packages by the ${itemLabel} of their product instances. When both lists ` +
      'are given, both must hold.',
  })
  class SetMatchInput implements SetMatch<T> {
    @Field(() => [itemType], {
      nullable: true,
      description: `At least one instance has one of these ${itemLabel} values (non-empty).`,
    })
    hasSome?: T[] | null;

    @Field(() => [itemType], {
      nullable: true,
      description: `Each of these ${itemLabel} values is held by some instance (non-empty).`,
    })
    hasAll?: T[] | null;
  }
  return SetMatchInput;
}
