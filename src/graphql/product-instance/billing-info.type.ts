import { Field, ObjectType } from 'type-graphql';
import { CycleDuration } from './cycle-duration.type';
import { CycleType } from './cycle-type.enum';

/** contract: billingInfo `ProductInstanceCycle` (`billingInfo`). */
@ObjectType({
  description: 'Billing terms between the reseller and Wix for one product instance.',
  simpleResolvers: true,
})
export class BillingInfo {
  @Field(() => CycleType, {
    nullable: true,
    description: 'Payment type; null when the upstream did not set it.',
  })
  type!: CycleType | null;

  @Field(() => CycleDuration, {
    nullable: true,
    description: 'Length of one cycle; only meaningful for RECURRING billing.',
  })
  cycleDuration!: CycleDuration | null;
}
