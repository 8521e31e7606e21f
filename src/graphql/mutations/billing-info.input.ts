import { Field, InputType, Int } from 'type-graphql';
import { CycleType } from '../product-instance/cycle-type.enum';
import { IntervalUnit } from '../product-instance/interval-unit.enum';

/** contract: cycleDuration `CycleInterval` as input. */
@InputType({ description: 'Length of one billing cycle.' })
export class CycleDurationInput {
  @Field(() => IntervalUnit, { description: 'Unit of the cycle (not UNKNOWN).' })
  unit!: IntervalUnit;

  @Field(() => Int, {
    nullable: true,
    description: 'Number of units per cycle, e.g. 1 with YEAR; Wix assumes 1 when omitted.',
  })
  count?: number | null;
}

/** contract: billingInfo `ProductInstanceCycle` as input. */
@InputType({ description: 'Billing terms between the reseller and Wix for one product.' })
export class BillingInfoInput {
  @Field(() => CycleType, { description: 'ONE_TIME or RECURRING.' })
  type!: CycleType;

  @Field(() => CycleDurationInput, {
    nullable: true,
    description: 'Length of one cycle: required for RECURRING, not used for ONE_TIME.',
  })
  cycleDuration?: CycleDurationInput | null;
}
