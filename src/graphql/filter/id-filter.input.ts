import { Field, ID, InputType } from 'type-graphql';

/** Operators on a GUID field of a package (contract: query language: `$eq`, `$ne`, `$in`, `$exists`). */
@InputType({
  description:
    'Conditions on a GUID field. Several operators in one object must all hold. GUIDs are ' +
    'compared in lower case.',
})
export class IdFilter {
  @Field(() => ID, { nullable: true, description: 'Equals this GUID.' })
  eq?: string | null;

  @Field(() => ID, { nullable: true, description: 'Differs from this GUID.' })
  ne?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Equals one of these GUIDs (non-empty).' })
  in?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'The field is set (true) or unset (false).',
  })
  exists?: boolean | null;
}
