import { Arg, Args, Ctx, Extensions, ID, Query, Resolver, UseMiddleware } from 'type-graphql';
import { primeFetchedPackages } from '../../loaders/prime-package';
import type { WixPackage } from '../../wix/wire-types';
import { requireGuidArgument } from '../common/guid-argument';
import type { GatewayContext } from '../context.type';
import {
  DIRECT_RESOLVE,
  type DirectRootLookup,
  type DirectRootResolver,
} from '../pipeline/projection/direct-root';
import {
  mapUpstreamErrors,
  rethrowAsClientError,
  withUpstreamErrorsMapped,
} from '../upstream-errors.middleware';
import { mapPackageConnection } from './package-connection.mapper';
import { PackageConnection } from './package-connection.type';
import { mapPackage } from './package.mapper';
import { Package } from './package.type';
import { PackagesArgs } from './packages.args';
import { planPackagesQuery } from './packages-query.plan';

/** `Query.package`: a package of the caller's scope by id, through the request's loader. */
function packageById(id: string, { loaders }: GatewayContext): Promise<Package | null> {
  return loaders.packageById.load(requireGuidArgument(id, 'id')).then(mapPackageOrNull);
}

const mapPackageOrNull = (pkg: WixPackage | null): Package | null => (pkg ? mapPackage(pkg) : null);

/**
 * What the `package` resolver below does (its middleware included), in parts for the
 * projection (src/graphql/pipeline/projection/direct-root.ts): the lookup, then the mapping and
 * the error mapping, which the projection applies itself once the lookups of all root fields
 * are in (fifty aliased lookups come through here). A refused id is a rejected lookup, so the
 * other fields' lookups still start together, in one batch.
 */
const packageLookup: DirectRootLookup = {
  lookup: (args, context) => {
    try {
      const id = requireGuidArgument(args['id'] as string, 'id');
      return (context as GatewayContext).loaders.packageById.load(id);
    } catch (error) {
      return Promise.reject(error);
    }
  },
  finish: (pkg) => mapPackageOrNull(pkg as WixPackage | null),
  fail: rethrowAsClientError,
};

/**
 * `Query.packages`: one page through one upstream call. Its arguments are read as plain data, so
 * type-graphql's `PackagesArgs` instances and the plain objects graphql-js coerces give the
 * same page (the direct resolver below passes the latter).
 */
async function packagesPage(
  args: PackagesArgs,
  { api, loaders, cursorKey }: GatewayContext,
): Promise<PackageConnection> {
  const plan = planPackagesQuery(args, loaders.scope, cursorKey);
  const response = await api.queryPackages(plan.query);
  const inScope = response.packages.filter((pkg) => loaders.scope.includes(pkg.accountId));
  primeFetchedPackages(loaders, inScope);
  return mapPackageConnection({ ...response, packages: inScope }, plan);
}

/** What the `packages` resolver below does (its middleware included); see the one above. */
const resolvePackagesDirectly: DirectRootResolver = (args, context) =>
  withUpstreamErrorsMapped(() =>
    packagesPage(args as unknown as PackagesArgs, context as GatewayContext),
  );

/** Package queries: thin — arguments → loaders/API → mappers. */
@Resolver(() => Package)
@UseMiddleware(mapUpstreamErrors)
export class PackageResolver {
  @Query(() => Package, {
    nullable: true,
    description:
      "A package of the calling account by id; null when it does not exist in the account's " +
      'scope. Lookups in one request are batched into one upstream query.',
  })
  @Extensions({ [DIRECT_RESOLVE]: packageLookup })
  package(
    @Arg('id', () => ID, { description: 'GUID of the package.' }) id: string,
    @Ctx() context: GatewayContext,
  ): Promise<Package | null> {
    return packageById(id, context);
  }

  @Query(() => PackageConnection, {
    description:
      "One page of the calling account's packages (newest first unless `orderBy` says " +
      'otherwise). One upstream call per page.',
  })
  @Extensions({ [DIRECT_RESOLVE]: resolvePackagesDirectly })
  packages(
    @Args(() => PackagesArgs) args: PackagesArgs,
    @Ctx() context: GatewayContext,
  ): Promise<PackageConnection> {
    return packagesPage(args, context);
  }
}
