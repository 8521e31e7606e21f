import { Field, Int, ObjectType } from 'type-graphql';

/** Counts of a package's instances by status, computed from the instances themselves. */
@ObjectType({
  description:
    "How many of the package's product instances are in each status. Computed from " +
    '`productInstances`; costs no extra upstream call. (Packages have no status of their own.)',
  simpleResolvers: true,
})
export class PackageInstanceCounts {
  @Field(() => Int, { description: 'All product instances of the package.' })
  total!: number;

  @Field(() => Int, { description: 'Instances in status PENDING.' })
  pending!: number;

  @Field(() => Int, { description: 'Instances in status ENABLED.' })
  enabled!: number;

  @Field(() => Int, { description: 'Instances in status CANCELED.' })
  canceled!: number;

  @Field(() => Int, { description: 'Instances in status FAILED.' })
  failed!: number;

  @Field(() => Int, { description: 'Instances in status AWAITING_ACTION.' })
  awaitingAction!: number;
}
