import { Field, InputType } from 'type-graphql';

/** Operators on a free-text field of a package (contract: query language: `$eq`, `$ne`, `$in`, `$exists`). */
@InputType({
  description:
    'Conditions on a text field (exact, case-sensitive match). Several operators in one ' +
    'object must all hold.',
})
export class StringFilter {
  @Field(() => String, { nullable: true, description: 'Equals this text.' })
  eq?: string | null;

  @Field(() => String, { nullable: true, description: 'Differs from this text.' })
  ne?: string | null;

  @Field(() => [String], { nullable: true, description: 'Equals one of these (non-empty).' })
  in?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'The field is set (true) or unset (false).',
  })
  exists?: boolean | null;
}
