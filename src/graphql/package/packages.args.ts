import { ArgsType, Field, Int } from 'type-graphql';
import { PackageFilter } from '../filter/package-filter.input';
import { PackageOrder } from '../filter/package-order.input';

/** Arguments of `Query.packages`. */
@ArgsType()
export class PackagesArgs {
  @Field(() => PackageFilter, {
    nullable: true,
    description:
      'Which packages to return (always limited to the calling account). Must be repeated ' +
      'unchanged together with `after`.',
  })
  filter?: PackageFilter | null;

  @Field(() => [PackageOrder], {
    nullable: true,
    description:
      'Sort clauses (default: createdDate DESC). Must be repeated unchanged together with `after`.',
  })
  orderBy?: PackageOrder[] | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 20,
    description: 'Page size, 1 to 100 (the upstream maximum).',
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      '`pageInfo.endCursor` of the previous page. Valid only with the same `filter` and ' +
      '`orderBy` (and account) as that page; otherwise BAD_USER_INPUT.',
  })
  after?: string | null;
}
