import { Field, InputType } from 'type-graphql';
import { DateTimeFilter } from './date-time-filter.input';
import { IdFilter } from './id-filter.input';
import { ProductInstancesFilter } from './product-instances-filter.input';
import { StringFilter } from './string-filter.input';

/** A typed filter over packages, translated to the Wix query language (contract: query language). */
@InputType({
  description:
    'Which packages to return. Every condition given must hold (implicit AND); use `and`, ' +
    '`or` and `not` to combine filters. Problems are reported all at once as BAD_USER_INPUT ' +
    'before any upstream call.',
})
export class PackageFilter {
  @Field(() => IdFilter, { nullable: true, description: 'By package GUID.' })
  id?: IdFilter | null;

  @Field(() => IdFilter, { nullable: true, description: 'By owning account GUID.' })
  accountId?: IdFilter | null;

  @Field(() => StringFilter, { nullable: true, description: "By the reseller's external id." })
  externalId?: StringFilter | null;

  @Field(() => DateTimeFilter, { nullable: true, description: 'By creation time.' })
  createdDate?: DateTimeFilter | null;

  @Field(() => DateTimeFilter, { nullable: true, description: 'By last-change time.' })
  updatedDate?: DateTimeFilter | null;

  @Field(() => ProductInstancesFilter, {
    nullable: true,
    description: "By the package's product instances.",
  })
  productInstances?: ProductInstancesFilter | null;

  @Field(() => [PackageFilter], {
    nullable: true,
    description: 'Every one of these filters holds (non-empty).',
  })
  and?: PackageFilter[] | null;

  @Field(() => [PackageFilter], {
    nullable: true,
    description: 'At least one of these filters holds (non-empty).',
  })
  or?: PackageFilter[] | null;

  @Field(() => PackageFilter, { nullable: true, description: 'This filter does not hold.' })
  not?: PackageFilter | null;
}
