/**
 * The batch lookups behind the package loaders. Each is ONE upstream call: a Query Packages
 * whose filter always includes the account scope, or, for a lone id in the header account's
 * own scope, a Get Package. Results are re-keyed by the caller's keys and checked against the
 * scope, so upstream order, stray packages and GUID letter case do not matter.
 */
import { WixHttpError } from '../wix/errors';
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

/**
 * Get Package's answer for an id the header account cannot see, as the emulator gives it
 * (contract: Get Package; inferred, not documented: 404, no code or NOT_FOUND): the package is not in scope.
 */
function isPackageNotFound(error: unknown): boolean {
  return (
    error instanceof WixHttpError &&
    error.status === 404 &&
    (error.applicationCode === undefined || error.applicationCode === 'NOT_FOUND')
  );
}

/**
 * Any other refusal a package of another account might get from the real API: Wix documents
 * that Get Package fails for it but not how (contract: documented conflict 10), so a 4xx that is not about credentials
 * or rate is answered by the scoped query instead of being shown as an error.
 */
function isUndocumentedRefusal(error: unknown): boolean {
  return (
    error instanceof WixHttpError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 401 &&
    error.status !== 408 &&
    error.status !== 429
  );
}

/**
 * One package by Get Package (contract: Get Package), when the scope is exactly the header account: Get Package
 * answers only for packages of that account (an ancestor may be let through, hence the
 * check), so it gives what the scoped query would, and is a cheaper call upstream (no body to
 * send, no filter to evaluate). A refusal of an undocumented shape costs one scoped query.
 */
async function fetchOnePackage(
  api: PackagesApi,
  scope: AccountScope,
  id: string,
): Promise<WixPackage | null> {
  try {
    const { package: pkg } = await api.getPackage(id);
    return pkg.id.toLowerCase() === id.toLowerCase() && scope.includes(pkg.accountId) ? pkg : null;
  } catch (error) {
    if (isPackageNotFound(error)) return null;
    if (isUndocumentedRefusal(error)) return (await queryByIds(api, scope, [id]))[0] ?? null;
    throw error;
  }
}

/** True when the scope is the API's own account alone (what Get Package answers for). */
function isHeaderAccountOnly(api: PackagesApi, scope: AccountScope): boolean {
  const [only] = scope.accountIds;
  return scope.accountIds.length === 1 && only !== undefined && scope.includes(api.accountId);
}

/**
 * Packages by id: one result per id, in `ids` order; null where none is in scope. A single id
 * in the header account's own scope is one Get Package call, more ids one Query Packages call.
 */
export async function fetchPackagesByIds(
  api: PackagesApi,
  scope: AccountScope,
  ids: readonly string[],
): Promise<Array<WixPackage | null>> {
  const [first] = ids;
  if (ids.length === 1 && first !== undefined && isHeaderAccountOnly(api, scope)) {
    return [await fetchOnePackage(api, scope, first)];
  }
  return queryByIds(api, scope, ids);
}

/** One scoped Query Packages for `ids`: one result per id, in order; null where none. */
async function queryByIds(
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
