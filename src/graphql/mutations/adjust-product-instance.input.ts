import { Field, ID, InputType } from 'type-graphql';
import { BillingInfoInput } from './billing-info.input';

/** Adjust Product Instance Specifications (contract: Adjust Product Instance), as a GraphQL input. */
@InputType({
  description:
    'An up- or downgrade of a product instance to another product of the same type, and/or ' +
    'a new billing cycle. Give `catalogProductId`, `billingInfo`, or both.',
})
export class AdjustProductInstanceInput {
  @Field(() => ID, { description: 'GUID of the product instance to change.' })
  instanceId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'GUID of the replacement catalog product; it must be of the same product type.',
  })
  catalogProductId?: string | null;

  @Field(() => BillingInfoInput, {
    nullable: true,
    description: 'The new billing cycle; it must be one the (new) product is sold with.',
  })
  billingInfo?: BillingInfoInput | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Promotion code (1 to 25 characters); Wix records it only together with a new ' +
      '`catalogProductId`.',
  })
  discountCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Key that makes retries safe (1 to 128 characters); generated when omitted and ' +
      'returned in the payload.',
  })
  idempotencyKey?: string | null;
}
