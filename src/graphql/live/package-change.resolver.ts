import {
  Arg,
  Ctx,
  FieldResolver,
  ID,
  Resolver,
  Root,
  Subscription,
  UseMiddleware,
  type SubscribeResolverData,
} from 'type-graphql';
import type { PackageChangeEvent } from '../../live/package-change';
import { primePackage } from '../../loaders/prime-package';
import { isGuid, normalizeGuid } from '../common/guid';
import { InputProblems } from '../common/input-problems';
import type { GatewayContext } from '../context.type';
import { mapPackage } from '../package/package.mapper';
import { Package } from '../package/package.type';
import { mapUpstreamErrors } from '../upstream-errors.middleware';
import { PackageChange } from './package-change.type';

/** The most package ids one subscription may name (one upstream page, as for lookups). */
export const MAX_SUBSCRIBED_PACKAGE_IDS = 100;

/** Checked `packageIds`: normalised GUIDs, or undefined for "every package". */
function checkPackageIds(packageIds: readonly string[] | null | undefined): string[] | undefined {
  if (packageIds === null || packageIds === undefined) return undefined;
  const problems = new InputProblems();
  if (packageIds.length === 0) {
    problems.add('packageIds', 'must name at least one package (omit it for every package)');
  } else if (packageIds.length > MAX_SUBSCRIBED_PACKAGE_IDS) {
    problems.add('packageIds', `must name at most ${MAX_SUBSCRIBED_PACKAGE_IDS} packages`);
  }
  packageIds.forEach((id, index) => {
    if (!isGuid(id)) problems.add(`packageIds[${index}]`, 'is not a GUID');
  });
  problems.throwIfAny();
  return packageIds.map(normalizeGuid);
}

/**
 * The source stream of `packageChanged`: the caller's visible accounts, optionally narrowed to
 * some packages. The bus knows nothing of callers: isolation is decided here, by the account
 * list of the authenticated caller, and again by the scoped loaders that resolve `package`.
 */
function subscribeToChanges({
  args,
  context,
}: SubscribeResolverData<unknown, { packageIds?: string[] | null }, GatewayContext>) {
  const packageIds = checkPackageIds(args.packageIds);
  return context.changes.subscribe({
    accountIds: context.caller.visibleAccountIds,
    ...(packageIds === undefined ? {} : { packageIds }),
  });
}

/** Live updates: thin — the change feed's events → `PackageChange`, `package` via loaders. */
@Resolver(() => PackageChange)
@UseMiddleware(mapUpstreamErrors)
export class PackageChangeResolver {
  @Subscription(() => PackageChange, {
    description:
      "Changes to the packages of the caller's visible accounts (its own, plus the " +
      'sub-accounts its token names), as they happen: provisioning progress, cancellations, ' +
      'assignments, adjustments. Needs `packages:read`.',
    subscribe: subscribeToChanges,
  })
  packageChanged(
    @Root() event: PackageChangeEvent,
    @Arg('packageIds', () => [ID], {
      nullable: true,
      description: `Only changes of these packages (1 to ${MAX_SUBSCRIBED_PACKAGE_IDS} GUIDs); omit for all.`,
    })
    _packageIds: string[] | null | undefined,
    @Ctx() { loaders }: GatewayContext,
  ): PackageChange {
    // The event's state is the state after the change: every subscriber reads it from its own
    // loaders without an upstream call, when the package is in the subscriber's scope.
    if (event.package !== undefined && loaders.scope.includes(event.package.accountId)) {
      primePackage(loaders, event.package);
    }
    return {
      eventId: event.eventId,
      kind: event.kind,
      occurredAt: event.occurredAt,
      productInstanceId: event.productInstanceId ?? null,
      packageId: event.packageId,
    };
  }

  @FieldResolver(() => Package, {
    nullable: true,
    description:
      "The package after the change; null when it is no longer in the caller's scope. Read " +
      'like `Query.package`, so nested fields work and are batched.',
  })
  async package(
    @Root() change: PackageChange,
    @Ctx() { loaders }: GatewayContext,
  ): Promise<Package | null> {
    const pkg = await loaders.packageById.load(normalizeGuid(change.packageId));
    return pkg ? mapPackage(pkg) : null;
  }
}
