import {
  Arg,
  Ctx,
  Extensions,
  FieldResolver,
  ID,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import type { WixPackage } from '../../wix/wire-types';
import { normalizeGuid } from '../common/guid';
import { requireGuidArgument } from '../common/guid-argument';
import type { GatewayContext } from '../context.type';
import { mapPackage } from '../package/package.mapper';
import { Package } from '../package/package.type';
import { DIRECT_FIELD_RESOLVE, type DirectFieldResolver } from '../pipeline/direct-field';
import { DIRECT_RESOLVE, type DirectRootResolver } from '../pipeline/projection/direct-root';
import {
  mapUpstreamErrors,
  rethrowAsClientError,
  withUpstreamErrorsMapped,
} from '../upstream-errors.middleware';
import { ProductInstance } from './product-instance.type';

/**
 * The parent instance as the mapper built it. `Readonly<…>` keeps the class out of the
 * parameter's emitted design type, so type-graphql hands the object over as it is instead of
 * copying it into a fresh `ProductInstance` on every field call (a copy per instance per
 * field was a measurable share of a page's CPU and garbage).
 */
type MappedInstance = Readonly<ProductInstance>;

/** The instance `instanceId` of a loaded package, mapped; null when absent. */
function instanceOf(pkg: WixPackage | null, instanceId: string): ProductInstance | null {
  if (!pkg) return null;
  const mapped = mapPackage(pkg);
  return (
    mapped.productInstances.find((instance) => normalizeGuid(instance.instanceId) === instanceId) ??
    null
  );
}

/** `Query.productInstance`: an instance of the caller's scope by id, through the loader. */
function productInstanceById(
  instanceId: string,
  { loaders }: GatewayContext,
): Promise<ProductInstance | null> {
  const id = requireGuidArgument(instanceId, 'instanceId');
  return loaders.packageByInstanceId.load(id).then((pkg) => instanceOf(pkg, id));
}

/**
 * What the `productInstance` resolver below does (its middleware included), as a plain
 * function for the projection (src/graphql/pipeline/projection/direct-root.ts).
 */
const resolveProductInstanceDirectly: DirectRootResolver = (args, context) =>
  withUpstreamErrorsMapped(() =>
    productInstanceById(args['instanceId'] as string, context as GatewayContext),
  );

/**
 * `ProductInstance.referenceProductInstance`: the referenced instance, through the loader.
 * `onFailure` handles a failed lookup (only a lookup can fail: the rest is pure).
 */
function referenceOf(
  instance: MappedInstance,
  { loaders }: GatewayContext,
  onFailure?: (error: unknown) => never,
): Promise<ProductInstance | null> | null {
  if (instance.referenceProductInstanceId === null) return null;
  const id = normalizeGuid(instance.referenceProductInstanceId);
  return loaders.packageByInstanceId.load(id).then((pkg) => instanceOf(pkg, id), onFailure);
}

/**
 * What the `referenceProductInstance` resolver below does (its middleware included), as a
 * plain function (src/graphql/pipeline/direct-field.ts): the lookup and the error mapping in
 * one derived promise per reference.
 */
const resolveReferenceDirectly: DirectFieldResolver = (parent, context) =>
  referenceOf(parent as MappedInstance, context as GatewayContext, rethrowAsClientError);

/** Product-instance query and derived fields; all reads go through the request's loaders. */
@Resolver(() => ProductInstance)
@UseMiddleware(mapUpstreamErrors)
export class ProductInstanceResolver {
  @Query(() => ProductInstance, {
    nullable: true,
    description:
      'A product instance of the calling account by instance id; null when it does not exist ' +
      "in the account's scope. Batched with other lookups of the request.",
  })
  @Extensions({ [DIRECT_RESOLVE]: resolveProductInstanceDirectly })
  productInstance(
    @Arg('instanceId', () => ID, { description: 'GUID of the product instance.' })
    instanceId: string,
    @Ctx() context: GatewayContext,
  ): Promise<ProductInstance | null> {
    return productInstanceById(instanceId, context);
  }

  @FieldResolver(() => Package, {
    description: 'The package holding this instance (served from the request cache).',
  })
  async package(
    @Root() instance: MappedInstance,
    @Ctx() { loaders }: GatewayContext,
  ): Promise<Package> {
    const pkg = await loaders.packageById.load(instance.packageId);
    // The instance was read from this very package in this request, so it must be visible.
    if (!pkg) throw new Error('package of a loaded product instance is not visible');
    return mapPackage(pkg);
  }

  @FieldResolver(() => ProductInstance, {
    nullable: true,
    description:
      'The instance named by `referenceProductInstanceId`; null when there is none or it is ' +
      "outside the calling account's scope. Batched with other lookups of the request.",
  })
  @Extensions({ [DIRECT_FIELD_RESOLVE]: resolveReferenceDirectly })
  async referenceProductInstance(
    @Root() instance: MappedInstance,
    @Ctx() context: GatewayContext,
  ): Promise<ProductInstance | null> {
    return referenceOf(instance, context);
  }
}
