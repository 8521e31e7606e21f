import { Field, ObjectType } from 'type-graphql';
import { FailureCode } from './failure-code.enum';

/** contract: failure `FailureReason`. */
@ObjectType({
  description: 'Why a product instance failed. Present only when its status is FAILED.',
  simpleResolvers: true,
})
export class FailureReason {
  @Field(() => FailureCode, {
    nullable: true,
    description: 'Failure category; null when the upstream did not set it.',
  })
  code!: FailureCode | null;

  @Field(() => String, {
    nullable: true,
    description: 'Free text from Wix describing the failure; null when absent.',
  })
  message!: string | null;
}
