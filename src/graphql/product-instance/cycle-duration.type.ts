import { Field, Int, ObjectType } from 'type-graphql';
import { IntervalUnit } from './interval-unit.enum';

/** contract: cycleDuration `CycleInterval`. */
@ObjectType({ description: 'Length of one billing cycle.', simpleResolvers: true })
export class CycleDuration {
  @Field(() => IntervalUnit, {
    nullable: true,
    description: 'Unit of the cycle; null when the upstream did not set it.',
  })
  unit!: IntervalUnit | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Number of units per cycle (e.g. 1 with YEAR); null when not set.',
  })
  count!: number | null;
}
