import { Arg, Ctx, ID, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { InputProblems } from '../common/input-problems';
import type { GatewayContext } from '../context.type';
import { Package } from '../package/package.type';
import { mapUpstreamErrors } from '../upstream-errors.middleware';
import { IDEMPOTENCY_KEY_DESCRIPTION } from './argument-descriptions';
import { CreatePackageInput } from './create-package.input';
import { toCreatePackageRequest } from './create-package.validation';
import {
  CancelPackagePayload,
  CreatePackagePayload,
  UpdatePackageExternalIdPayload,
} from './package-mutation.payloads';
import {
  idempotencyKeyFor,
  packagePayload,
  packageSubject,
  referenceSubject,
  runPackageWrite,
} from './package-write';
import {
  CANCEL_PACKAGE_TARGET,
  createPackageTarget,
  UPDATE_EXTERNAL_ID_TARGET,
} from './mutation-error-targets';
import { checkGuid, checkIdempotencyKey, checkOptionalText } from './write-arguments.validation';
import { WRITE_INPUT_LIMITS } from './write-input-limits';

/** Package writes (contract: Create Package V2, Cancel Package, Update Package External Id): thin — validate → one upstream write → payload. */
@Resolver(() => Package)
@UseMiddleware(mapUpstreamErrors)
export class PackageMutationResolver {
  @Mutation(() => CreatePackagePayload, {
    description:
      'Sells products to the calling account as one new package (Create Package V2); every ' +
      'instance starts PENDING. Safe to retry with the same `idempotencyKey`.',
  })
  async createPackage(
    @Arg('input', () => CreatePackageInput, { description: 'The package to create.' })
    input: CreatePackageInput,
    @Ctx() context: GatewayContext,
  ): Promise<CreatePackagePayload> {
    const { api } = context;
    const request = toCreatePackageRequest(input);
    const idempotencyKey = idempotencyKeyFor(input.idempotencyKey);
    const outcome = await runPackageWrite(
      context,
      {
        target: createPackageTarget(request.products.length),
        idempotencyKey,
        references: request.products.flatMap((product, index) =>
          product.referenceProductInstanceId === undefined
            ? []
            : [referenceSubject(index, product.referenceProductInstanceId)],
        ),
        change: { kind: 'CREATED' },
      },
      async () => (await api.createPackage({ ...request, idempotencyKey })).package,
    );
    return { ...packagePayload(outcome), idempotencyKey };
  }

  @Mutation(() => CancelPackagePayload, {
    description:
      'Cancels every product instance of a package (the customer loses access at once); ' +
      'FAILED instances stay FAILED and the package stays readable. Safe to retry with the ' +
      'same `idempotencyKey`.',
  })
  async cancelPackage(
    @Arg('id', () => ID, { description: 'GUID of the package to cancel.' }) id: string,
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description: IDEMPOTENCY_KEY_DESCRIPTION,
    })
    clientKey: string | null | undefined,
    @Ctx() context: GatewayContext,
  ): Promise<CancelPackagePayload> {
    const { api } = context;
    const problems = new InputProblems();
    const packageId = checkGuid(problems, id, 'id');
    checkIdempotencyKey(problems, clientKey, 'idempotencyKey');
    problems.throwIfAny();
    const idempotencyKey = idempotencyKeyFor(clientKey);
    const outcome = await runPackageWrite(
      context,
      {
        target: CANCEL_PACKAGE_TARGET,
        idempotencyKey,
        subject: packageSubject('cancelPackage', packageId),
        change: { kind: 'CANCELED' },
      },
      async () => (await api.cancelPackage(packageId, { idempotencyKey })).package,
    );
    return { ...packagePayload(outcome), idempotencyKey };
  }

  @Mutation(() => UpdatePackageExternalIdPayload, {
    description:
      "Replaces a package's external id. Wix takes no idempotency key for this call and it " +
      'needs none: it is naturally idempotent (setting the same value again leaves the same ' +
      'state), so after a lost response a client may simply repeat it. The gateway itself ' +
      'does not repeat it after an ambiguous failure.',
  })
  async updatePackageExternalId(
    @Arg('packageId', () => ID, { description: 'GUID of the package.' }) packageId: string,
    @Arg('externalId', () => String, {
      description: 'The new external id, 1 to 100 characters (not required to be unique).',
    })
    externalId: string,
    @Ctx() context: GatewayContext,
  ): Promise<UpdatePackageExternalIdPayload> {
    const { api } = context;
    const problems = new InputProblems();
    const id = checkGuid(problems, packageId, 'packageId');
    checkOptionalText(problems, externalId, 'externalId', WRITE_INPUT_LIMITS.externalIdMax);
    problems.throwIfAny();
    // Not published: Wix has no event for an external id change (contract: event catalogue), nor a kind.
    const outcome = await runPackageWrite(
      context,
      { target: UPDATE_EXTERNAL_ID_TARGET, subject: packageSubject('updatePackageExternalId', id) },
      async () => (await api.updatePackageExternalId(id, externalId)).updatedPackage,
    );
    return packagePayload(outcome);
  }
}
