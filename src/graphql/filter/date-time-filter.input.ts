import { Field, InputType } from 'type-graphql';
import { DateTimeScalar } from '../common/date-time.scalar';

/** Operators on a timestamp of a package (contract: query language: `$eq`, `$ne`, `$gt`, `$gte`, `$lt`, `$lte`). */
@InputType({
  description:
    'Conditions on a timestamp (millisecond precision). Several operators in one object must ' +
    'all hold, so `gte` + `lt` is a range; an empty range is rejected.',
})
export class DateTimeFilter {
  @Field(() => DateTimeScalar, { nullable: true, description: 'At exactly this instant.' })
  eq?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Not at this instant.' })
  ne?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Strictly after this instant.' })
  gt?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'At or after this instant.' })
  gte?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Strictly before this instant.' })
  lt?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'At or before this instant.' })
  lte?: string | null;
}
