/**
 * The request's API as resolvers see it when the entity cache is on:
 * - list reads (`queryPackages`: the `packages` connection and its `totalCount`) are cached per
 *   scope: the key holds the header account, the scope's accounts and the whole query; a page
 *   is served only while no account of the scope has changed since it was read
 *   (entity-cache-store.ts), and its packages are recorded as entities too;
 * - writes are written through: the package a successful write returns replaces the cached
 *   state and renews the lists of its account before the mutation answers, so the next read
 *   (on any replica sharing the store) sees it; a package outside the request's accounts is
 *   never written (the write fails, see src/graphql/mutations/package-write.ts);
 * - a write that fails forgets the package it addressed (and renews its account's lists): its
 *   outcome may be unknown (a lost answer, a timeout after Wix applied it), and a refused write
 *   costs only the next read. A create that fails has no package to forget: its retry, with the
 *   same idempotency key, writes it through.
 * Loaders use the plain API (their lookups are cached by id, cached-package-batches.ts).
 */
import type { PackagesApi } from '../wix/packages-api-contract';
import type { WixPackage, WixQuery } from '../wix/wire-types';
import { orElse, type RequestEntityCache } from './request-entity-cache';

/** What a write addresses: a package, or the product instance whose package it changes. */
type WriteTarget =
  | { readonly packageId: string; readonly instanceId?: undefined }
  | { readonly packageId?: undefined; readonly instanceId: string };

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

  /**
   * Forgets the cached state of the package `target` names (by package or instance id), and
   * renews the lists of its account (of the header account when nothing of it is cached).
   */
  async function forget(target: WriteTarget): Promise<void> {
    const found =
      target.packageId !== undefined
        ? await store.packagesById(accountIds, [target.packageId.toLowerCase()])
        : await store.packagesByInstanceId(accountIds, [target.instanceId.toLowerCase()]);
    const [cached] = found.values();
    if (cached !== undefined) {
      await store.applyChange({ accountId: cached.accountId, packageId: cached.id });
    } else if (target.packageId !== undefined) {
      await store.applyChange({ accountId: api.accountId, packageId: target.packageId });
    }
  }

  async function writeThrough<T>(
    write: Promise<T>,
    packageOf: (response: T) => WixPackage,
    target?: WriteTarget,
  ): Promise<T> {
    let response: T;
    try {
      response = await write;
    } catch (error) {
      if (target !== undefined) await orElse(forget(target), undefined);
      throw error;
    }
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
    cancelPackage: (id, body) =>
      writeThrough(api.cancelPackage(id, body), (r) => r.package, { packageId: id }),
    updatePackageExternalId: (packageId, externalId) =>
      writeThrough(api.updatePackageExternalId(packageId, externalId), (r) => r.updatedPackage, {
        packageId,
      }),
    assignProductInstance: (instanceId, siteId, body) =>
      writeThrough(api.assignProductInstance(instanceId, siteId, body), (r) => r.package, {
        instanceId,
      }),
    unassignProductInstance: (instanceId, body) =>
      writeThrough(api.unassignProductInstance(instanceId, body), (r) => r.package, {
        instanceId,
      }),
    adjustProductInstance: (instanceId, body) =>
      writeThrough(api.adjustProductInstance(instanceId, body), (r) => r.package, { instanceId }),
    cancelProductInstance: (instanceId, body) =>
      writeThrough(api.cancelProductInstance(instanceId, body), (r) => r.package, {
        instanceId,
      }),
  };
}
