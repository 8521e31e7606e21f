/**
 * The two batch queries behind the package loaders. Each is ONE Query Packages call whose
 * filter always includes the account scope; results are re-keyed by the caller's keys, so
 * upstream order, stray packages and GUID letter case do not matter.
 */
import type { PackagesApi } from '../wix/packages-api-contract';
import type { WixFilter, WixPackage } from '../wix/wire-types';
import type { AccountScope } from './account-scope';

function scoped(scope: AccountScope, predicate: WixFilter): WixFilter {
  return { $and: [predicate, scope.filter] };
}

async function queryInScope(
  api: PackagesApi,
  scope: AccountScope,
  predicate: WixFilter,
  limit: number,
): Promise<WixPackage[]> {
  const response = await api.queryPackages({
    filter: scoped(scope, predicate),
    cursorPaging: { limit },
  });
  return response.packages.filter((pkg) => scope.includes(pkg.accountId));
}

/** Packages by id: one result per id, in `ids` order; null where none is in scope. */
export async function fetchPackagesByIds(
  api: PackagesApi,
  scope: AccountScope,
  ids: readonly string[],
): Promise<Array<WixPackage | null>> {
  const packages = await queryInScope(api, scope, { id: { $in: [...ids] } }, ids.length);
  const byId = new Map(packages.map((pkg) => [pkg.id.toLowerCase(), pkg]));
  return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
}

/** The package holding each instance: one result per instance id, in order; null if none. */
export async function fetchPackagesByInstanceIds(
  api: PackagesApi,
  scope: AccountScope,
  instanceIds: readonly string[],
): Promise<Array<WixPackage | null>> {
  const packages = await queryInScope(
    api,
    scope,
    { 'productInstances.instanceId': { $hasSome: [...instanceIds] } },
    // Each instance lives in exactly one package, so there are at most as many packages.
    instanceIds.length,
  );
  const byInstanceId = new Map<string, WixPackage>();
  for (const pkg of packages) {
    for (const instance of pkg.productInstances) {
      byInstanceId.set(instance.instanceId.toLowerCase(), pkg);
    }
  }
  return instanceIds.map((instanceId) => byInstanceId.get(instanceId.toLowerCase()) ?? null);
}
