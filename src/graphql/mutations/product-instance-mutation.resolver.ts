import { Arg, Args, Ctx, ID, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { InputProblems } from '../common/input-problems';
import type { PackageChangeKind } from '../../live/package-change';
import type { WixEndpoint } from '../../wix/errors';
import type { WixIdempotentRequest, WixPackageResponse } from '../../wix/wire-types';
import type { GatewayContext } from '../context.type';
import type { Package } from '../package/package.type';
import { ProductInstance } from '../product-instance/product-instance.type';
import { mapUpstreamErrors } from '../upstream-errors.middleware';
import { IDEMPOTENCY_KEY_DESCRIPTION } from './argument-descriptions';
import { AdjustProductInstanceInput } from './adjust-product-instance.input';
import { InstanceWriteArgs } from './instance-write.args';
import { toAdjustRequest } from './adjust-product-instance.validation';
import {
  idempotencyKeyFor,
  instanceSubject,
  productInstancePayload,
  runPackageWrite,
  type WriteContext,
} from './package-write';
import {
  AdjustProductInstancePayload,
  AssignProductInstancePayload,
  CancelProductInstancePayload,
  UnassignProductInstancePayload,
} from './product-instance-mutation.payloads';
import { ADJUST_TARGET, ASSIGN_TARGET, INSTANCE_TARGET } from './mutation-error-targets';
import type { UserErrorTarget } from './user-error-target';
import type { UserError } from './user-error.type';
import { checkGuid, checkIdempotencyKey } from './write-arguments.validation';

const INSTANCE_ID_ARG = 'GUID of the product instance.';

/** Validated `instanceId` (+ `siteId`) and the key to send. */
function instanceArguments(
  instanceId: string,
  clientKey: string | null | undefined,
  siteId?: string,
): { instanceId: string; siteId: string; idempotencyKey: string } {
  const problems = new InputProblems();
  const instance = checkGuid(problems, instanceId, 'instanceId');
  const site = siteId === undefined ? '' : checkGuid(problems, siteId, 'siteId');
  checkIdempotencyKey(problems, clientKey, 'idempotencyKey');
  problems.throwIfAny();
  return { instanceId: instance, siteId: site, idempotencyKey: idempotencyKeyFor(clientKey) };
}

/** Product-instance writes (contract: Assign Product Instance to Cancel Product Instance): thin — validate → one upstream write → payload. */
@Resolver(() => ProductInstance)
@UseMiddleware(mapUpstreamErrors)
export class ProductInstanceMutationResolver {
  @Mutation(() => CancelProductInstancePayload, {
    description:
      'Cancels one product instance (the customer loses access at once); the other instances ' +
      'of its package are untouched. Safe to retry with the same `idempotencyKey`.',
  })
  async cancelProductInstance(
    @Args(() => InstanceWriteArgs) { instanceId, idempotencyKey: clientKey }: InstanceWriteArgs,
    @Ctx() context: GatewayContext,
  ): Promise<CancelProductInstancePayload> {
    const args = instanceArguments(instanceId, clientKey);
    return writeInstance(context, 'cancelProductInstance', INSTANCE_TARGET, args, (body) =>
      context.api.cancelProductInstance(args.instanceId, body),
    );
  }

  @Mutation(() => AssignProductInstancePayload, {
    description:
      'Assigns a product instance to a site of its account; the customer gains the features ' +
      'at once. Also reassigns: an instance already on another site moves to this one (if a ' +
      'reassign fails midway, the instance may stay on the old site or end up floating: read ' +
      'it again). Safe to retry with the same `idempotencyKey`.',
  })
  async assignProductInstance(
    @Arg('instanceId', () => ID, { description: INSTANCE_ID_ARG }) instanceId: string,
    @Arg('siteId', () => ID, { description: 'GUID of the target site (of the same account).' })
    siteId: string,
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description: IDEMPOTENCY_KEY_DESCRIPTION,
    })
    clientKey: string | null | undefined,
    @Ctx() context: GatewayContext,
  ): Promise<AssignProductInstancePayload> {
    return assign(context, instanceArguments(instanceId, clientKey, siteId));
  }

  @Mutation(() => AssignProductInstancePayload, {
    description:
      'Moves a product instance to another site: the same call as `assignProductInstance` ' +
      '(Wix has no separate reassign), named for readability.',
  })
  async reassignProductInstance(
    @Arg('instanceId', () => ID, { description: INSTANCE_ID_ARG }) instanceId: string,
    @Arg('siteId', () => ID, { description: 'GUID of the new site (of the same account).' })
    siteId: string,
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description: IDEMPOTENCY_KEY_DESCRIPTION,
    })
    clientKey: string | null | undefined,
    @Ctx() context: GatewayContext,
  ): Promise<AssignProductInstancePayload> {
    return assign(context, instanceArguments(instanceId, clientKey, siteId));
  }

  @Mutation(() => UnassignProductInstancePayload, {
    description:
      'Removes a product instance from its site: it becomes floating and the customer loses ' +
      'its features at once; unassigning a floating instance changes nothing. Safe to retry ' +
      'with the same `idempotencyKey`.',
  })
  async unassignProductInstance(
    @Args(() => InstanceWriteArgs) { instanceId, idempotencyKey: clientKey }: InstanceWriteArgs,
    @Ctx() context: GatewayContext,
  ): Promise<UnassignProductInstancePayload> {
    const args = instanceArguments(instanceId, clientKey);
    return writeInstance(context, 'unassignProductInstance', INSTANCE_TARGET, args, (body) =>
      context.api.unassignProductInstance(args.instanceId, body),
    );
  }

  @Mutation(() => AdjustProductInstancePayload, {
    description:
      'Up- or downgrades a product instance to another product of the same type and/or ' +
      'changes its billing cycle; the instance keeps its id. Safe to retry with the same ' +
      '`idempotencyKey`.',
  })
  async adjustProductInstance(
    @Arg('input', () => AdjustProductInstanceInput, { description: 'What to change.' })
    input: AdjustProductInstanceInput,
    @Ctx() context: GatewayContext,
  ): Promise<AdjustProductInstancePayload> {
    const { api } = context;
    const { instanceId, body } = toAdjustRequest(input);
    const idempotencyKey = idempotencyKeyFor(input.idempotencyKey);
    const outcome = await runPackageWrite(
      context,
      {
        target: ADJUST_TARGET,
        idempotencyKey,
        subject: instanceSubject('adjustProductInstance', instanceId),
        change: { kind: 'INSTANCE_ADJUSTED', productInstanceId: instanceId },
      },
      async () =>
        (await api.adjustProductInstance(instanceId, { ...body, idempotencyKey })).package,
    );
    return { ...productInstancePayload(outcome, instanceId), idempotencyKey };
  }
}

/** Assign and its `reassign` alias: one upstream call (contract: Assign Product Instance). */
function assign(
  context: GatewayContext,
  args: { instanceId: string; siteId: string; idempotencyKey: string },
): Promise<AssignProductInstancePayload> {
  return writeInstance(context, 'assignProductInstance', ASSIGN_TARGET, args, (body) =>
    context.api.assignProductInstance(args.instanceId, args.siteId, body),
  );
}

type InstanceWriteEndpoint = Extract<
  WixEndpoint,
  'cancelProductInstance' | 'assignProductInstance' | 'unassignProductInstance'
>;

/** The change each of these writes is published as (Wix's action event of the same name). */
const INSTANCE_WRITE_KINDS: Readonly<Record<InstanceWriteEndpoint, PackageChangeKind>> = {
  cancelProductInstance: 'INSTANCE_CANCELED',
  assignProductInstance: 'INSTANCE_ASSIGNED',
  unassignProductInstance: 'INSTANCE_UNASSIGNED',
};

/**
 * The shared path of the writes whose only input is an instance (plus a site for assign): the
 * scoped visibility check, one upstream call carrying the idempotency key, and the payload.
 */
async function writeInstance(
  context: WriteContext,
  endpoint: InstanceWriteEndpoint,
  target: UserErrorTarget,
  args: { instanceId: string; idempotencyKey: string },
  call: (body: WixIdempotentRequest) => Promise<WixPackageResponse>,
): Promise<{
  package: Package | null;
  productInstance: ProductInstance | null;
  userErrors: UserError[];
  idempotencyKey: string;
}> {
  const outcome = await runPackageWrite(
    context,
    {
      target,
      idempotencyKey: args.idempotencyKey,
      subject: instanceSubject(endpoint, args.instanceId),
      change: { kind: INSTANCE_WRITE_KINDS[endpoint], productInstanceId: args.instanceId },
    },
    async () => (await call({ idempotencyKey: args.idempotencyKey })).package,
  );
  return {
    ...productInstancePayload(outcome, args.instanceId),
    idempotencyKey: args.idempotencyKey,
  };
}
