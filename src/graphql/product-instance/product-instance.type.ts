import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../common/date-time.scalar';
import { BillingInfo } from './billing-info.type';
import { FailureReason } from './failure-reason.type';
import { ProductInstanceStatus } from './product-instance-status.enum';

/**
 * contract: ProductInstance object a provisioned paid service inside a package. `package` and
 * `referenceProductInstance` are field resolvers (product-instance.resolver.ts) that read
 * the request's loaders.
 */
@ObjectType({
  description:
    'One provisioned paid service (e.g. a Premium plan) inside a package. Identified by ' +
    '`instanceId`, which differs from the catalog product id.',
  simpleResolvers: true,
})
export class ProductInstance {
  @Field(() => ID, {
    description: 'Same value as `instanceId`; lets client caches identify the object.',
  })
  id!: string;

  @Field(() => ID, { description: 'GUID of the product instance.' })
  instanceId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Site the instance is assigned to; null when the instance is floating.',
  })
  siteId!: string | null;

  @Field(() => Boolean, {
    description: 'True when the instance is assigned to no site (and so not yet usable).',
  })
  isFloating!: boolean;

  @Field(() => ID, { description: 'GUID of the product in the Wix Premium Product Catalog.' })
  catalogProductId!: string;

  @Field(() => ProductInstanceStatus, { description: 'Current lifecycle status.' })
  status!: ProductInstanceStatus;

  @Field(() => FailureReason, {
    nullable: true,
    description: 'Why delivery failed; set only when `status` is FAILED.',
  })
  failure!: FailureReason | null;

  @Field(() => BillingInfo, {
    nullable: true,
    description:
      'Billing terms with Wix; null when not set (it is required only for products sold ' +
      'with more than one billing cycle).',
  })
  billingInfo!: BillingInfo | null;

  @Field(() => String, {
    nullable: true,
    description:
      'ISO 3166-1 alpha-2 country where bundled vouchers can be claimed; null when not set.',
  })
  countryCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Promotion code the instance was sold under (max 25 characters); null if none.',
  })
  discountCode!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When the instance expires; set only for instances that do not renew at the end of the ' +
      'current cycle.',
  })
  expirationDate!: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Instance this one was sold against (so a bundled extra is not charged); null if none.',
  })
  referenceProductInstanceId!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the instance was created.' })
  createdDate!: string;

  @Field(() => DateTimeScalar, { description: 'When the instance last changed.' })
  updatedDate!: string;

  /** Id of the package holding this instance (not a GraphQL field; feeds `package`). */
  packageId!: string;
}
