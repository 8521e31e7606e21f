import { ObjectType } from 'type-graphql';
import { IdempotentPackageMutationPayload, PackageMutationPayload } from './mutation-payload.base';

@ObjectType({ description: 'Result of `createPackage`.' })
export class CreatePackagePayload extends IdempotentPackageMutationPayload {}

@ObjectType({ description: 'Result of `cancelPackage`.' })
export class CancelPackagePayload extends IdempotentPackageMutationPayload {}

@ObjectType({
  description:
    'Result of `updatePackageExternalId` (no idempotency key: the change is naturally ' +
    'idempotent).',
})
export class UpdatePackageExternalIdPayload extends PackageMutationPayload {}
