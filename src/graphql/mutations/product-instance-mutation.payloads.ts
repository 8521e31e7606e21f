import { ObjectType } from 'type-graphql';
import { ProductInstanceMutationPayload } from './mutation-payload.base';

@ObjectType({ description: 'Result of `cancelProductInstance`.' })
export class CancelProductInstancePayload extends ProductInstanceMutationPayload {}

@ObjectType({ description: 'Result of `assignProductInstance` and `reassignProductInstance`.' })
export class AssignProductInstancePayload extends ProductInstanceMutationPayload {}

@ObjectType({ description: 'Result of `unassignProductInstance`.' })
export class UnassignProductInstancePayload extends ProductInstanceMutationPayload {}

@ObjectType({ description: 'Result of `adjustProductInstance`.' })
export class AdjustProductInstancePayload extends ProductInstanceMutationPayload {}
