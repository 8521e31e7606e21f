/**
 * The request's API as resolvers see it when the entity cache is on:
 * - list reads (`queryPackages`: the `packages` connection and its `totalCount`) are cached per
 *   scope: the key holds the header account, the scope's accounts and the whole query; a page
 *   is served only while no account of the scope has changed since it was read
 *   (entity-cache-store.ts), and its packages are recorded as entities too;
 * - writes are written through: the package a successful write returns replaces the cached
 *   state and renews the lists of its account before the mutation answers, so the next read
 *   (on any replica sharing the store) sees it; a package outside the request's accounts is
 *   never written (the write fails, see src/graphql/mutations/package-write.ts).
 * Loaders use the plain API (their lookups are cached by id, cached-package-batches.ts).
 */
import type { PackagesApi } from '../wix/packages-api-contract';
import type { WixPackage, WixQuery } from '../wix/wire-types';
import { orElse, type RequestEntityCache } from './request-entity-cache';

function listKey(api: PackagesApi, accountIds: readonly string[], query: WixQuery): string {
  const scope = [...new Set(accountIds.map((id) => id.toLowerCase()))].sort().join(',');
  return `${api.accountId.toLowerCase()}\u0000${scope}\u0000${JSON.stringify(query)}`;
}

/** `api` with cached list reads and written-through writes, for a request of `accountIds`. */
export function withCachedReadsAndWrittenThrough(
  api: PackagesApi,
  cache: RequestEntityCache,
  accountIds: readonly string[],
): PackagesApi {
  const { store, fresh } = cache;
  const observe = cache.observe ?? (() => {});
  const inScope = new Set(accountIds.map((id) => id.toLowerCase()));
  const isInScope = (pkg: WixPackage): boolean =>
    typeof pkg.accountId === 'string' && inScope.has(pkg.accountId.toLowerCase());

  async function writeThrough<T>(
    write: Promise<T>,
    packageOf: (response: T) => WixPackage,
  ): Promise<T> {
    const response = await write;
    const pkg = packageOf(response);
    // A write answered with another account's package is refused above (package-write.ts);
    // it must not become that account's cached state on the way.
    if (isInScope(pkg)) {
      await orElse(
        store.applyChange({ accountId: pkg.accountId, packageId: pkg.id, package: pkg }),
        undefined,
      );
    }
    return response;
  }

  return {
    accountId: api.accountId,
    getPackage: (id) => api.getPackage(id),
    async queryPackages(query) {
      const key = listKey(api, accountIds, query);
      const lookup = await orElse(store.list(accountIds, key), undefined);
      if (lookup?.hit === true && !fresh) {
        observe('list', 'hit', 1);
        return lookup.page;
      }
      observe('list', fresh ? 'bypass' : 'miss', 1);
      const page = await api.queryPackages(query);
      if (lookup !== undefined) await orElse(store.putList(lookup.ticket, page), undefined);
      await orElse(store.fill(page.packages.filter(isInScope)), undefined);
      return page;
    },
    createPackage: (body) => writeThrough(api.createPackage(body), (r) => r.package),
    cancelPackage: (id, body) => writeThrough(api.cancelPackage(id, body), (r) => r.package),
    updatePackageExternalId: (packageId, externalId) =>
      writeThrough(api.updatePackageExternalId(packageId, externalId), (r) => r.updatedPackage),
    assignProductInstance: (instanceId, siteId, body) =>
      writeThrough(api.assignProductInstance(instanceId, siteId, body), (r) => r.package),
    unassignProductInstance: (instanceId, body) =>
      writeThrough(api.unassignProductInstance(instanceId, body), (r) => r.package),
    adjustProductInstance: (instanceId, body) =>
      writeThrough(api.adjustProductInstance(instanceId, body), (r) => r.package),
    cancelProductInstance: (instanceId, body) =>
      writeThrough(api.cancelProductInstance(instanceId, body), (r) => r.package),
  };
}
