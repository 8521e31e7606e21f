import { Field, ID, InputType } from 'type-graphql';
import { BillingInfoInput } from './billing-info.input';

/** contract: Create Package V2 one element of `products`. */
@InputType({ description: 'One product to sell in a new package; becomes one product instance.' })
export class PackageProductInput {
  @Field(() => ID, { description: 'GUID of the product in the Wix Premium Product Catalog.' })
  catalogProductId!: string;

  @Field(() => String, {
    description:
      'ISO 3166-1 alpha-2 country where bundled vouchers can be claimed, e.g. "BR" (lower ' +
      'case is accepted and upper-cased).',
  })
  countryCode!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'GUID of a site of the account to assign the instance to at once; omit for a floating ' +
      'instance (assign it later with `assignProductInstance`).',
  })
  siteId?: string | null;

  @Field(() => BillingInfoInput, {
    nullable: true,
    description: 'Billing cycle; required when the product is sold with more than one cycle.',
  })
  billingInfo?: BillingInfoInput | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Promotion code the product is sold under (1 to 25 characters). An unknown code does ' +
      'not fail the call; Wix then applies no discount.',
  })
  discountCode?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'GUID of an existing PENDING or ENABLED instance whose bundled benefit this product ' +
      'redeems (e.g. the free domain of a Premium plan); each instance can be used once.',
  })
  referenceProductInstanceId?: string | null;
}

/** contract: Create Package V2 Create Package V2 request, as a GraphQL input. */
@InputType({ description: 'A new package: products sold to the calling account in one go.' })
export class CreatePackageInput {
  @Field(() => [PackageProductInput], {
    description: 'The products to sell, 1 to 1000; each becomes a PENDING product instance.',
  })
  products!: PackageProductInput[];

  @Field(() => String, {
    nullable: true,
    description:
      "The reseller's own reference, e.g. its subscription id (1 to 100 characters; Wix does " +
      'not require it to be unique). With it, a create whose outcome was lost in transit is ' +
      'looked up before being retried, so it can never be applied twice.',
  })
  externalId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Key that makes retries safe (1 to 128 characters): repeat the same input with the same ' +
      'key to get the original outcome instead of a second package. Generated when omitted ' +
      'and returned in the payload.',
  })
  idempotencyKey?: string | null;
}
