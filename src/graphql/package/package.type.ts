import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../common/date-time.scalar';
import { ProductInstance } from '../product-instance/product-instance.type';
import { PackageInstanceCounts } from './package-instance-counts.type';

/** contract: Package object a package: product instances sold to one Wix account in one transaction. */
@ObjectType({
  description:
    'A group of product instances sold to one Wix account in a single transaction. A package ' +
    'has no status of its own: status lives on each product instance.',
  simpleResolvers: true,
})
export class Package {
  @Field(() => ID, { description: 'GUID of the package.' })
  id!: string;

  @Field(() => ID, { description: 'GUID of the Wix account that owns the package.' })
  accountId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "The reseller's own reference (e.g. its subscription id; max 100 characters, not " +
      'unique); null when not set.',
  })
  externalId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'GUID of the parent of the owning account (equals `accountId` when there is none); ' +
      'null when the upstream omits it, which it often does.',
  })
  parentAccountId!: string | null;

  @Field(() => [ProductInstance], {
    description: 'The product instances of the package (at least one), in upstream order.',
  })
  productInstances!: ProductInstance[];

  @Field(() => PackageInstanceCounts, {
    description: 'Counts of `productInstances` by status (no extra upstream call).',
  })
  instanceCounts!: PackageInstanceCounts;

  @Field(() => DateTimeScalar, { description: 'When the package was created.' })
  createdDate!: string;

  @Field(() => DateTimeScalar, {
    description: 'When the package last changed.',
  })
  updatedDate!: string;
}
