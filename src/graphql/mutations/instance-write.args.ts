import { ArgsType, Field, ID } from 'type-graphql';
import { IDEMPOTENCY_KEY_DESCRIPTION } from './argument-descriptions';

/** Arguments of the writes whose only input is an instance (cancel, unassign). */
@ArgsType()
export class InstanceWriteArgs {
  @Field(() => ID, { description: 'GUID of the product instance.' })
  instanceId!: string;

  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
  idempotencyKey?: string | null;
}
