/**
 * The entity cache's hook into the loaders: a batch is first looked up in the cache, among the
 * entries of the accounts of the request's scope only (so no entry of another account can be
 * served); the ids not found go upstream in one batch as before, and what comes back is
 * recorded for the next request. Packages absent from the scope (null) are not cached: the
 * next lookup asks the upstream again.
 */
import type { AccountScope } from '../loaders/account-scope';
import { UPSTREAM_BATCHES, type PackageBatchSource } from '../loaders/package-batch-source';
import type { PackagesApi } from '../wix/packages-api-contract';
import type { WixPackage } from '../wix/wire-types';
import type { EntityCacheLookupKind } from './entity-cache-observer';
import { orElse, type RequestEntityCache } from './request-entity-cache';

type Lookup = (
  accountIds: readonly string[],
  keys: readonly string[],
) => Promise<Map<string, WixPackage>>;
type Upstream = (
  api: PackagesApi,
  scope: AccountScope,
  keys: readonly string[],
) => Promise<Array<WixPackage | null>>;

/** Batches answered from the cache where it can, from `upstream` for the rest. */
export function cachedPackageBatches(
  cache: RequestEntityCache,
  upstream: PackageBatchSource = UPSTREAM_BATCHES,
): PackageBatchSource {
  const { store, fresh } = cache;
  const observe = cache.observe ?? (() => {});

  async function answer(
    kind: EntityCacheLookupKind,
    lookup: Lookup,
    fetch: Upstream,
    api: PackagesApi,
    scope: AccountScope,
    keys: readonly string[],
  ): Promise<Array<WixPackage | null>> {
    const cached = fresh
      ? new Map<string, WixPackage>()
      : await orElse(lookup(scope.accountIds, keys), new Map());
    const hit = (key: string): WixPackage | undefined => {
      const pkg = cached.get(key.toLowerCase());
      // The keys already confine the lookup to the scope; checked again as the loaders do.
      return pkg !== undefined && scope.includes(pkg.accountId) ? pkg : undefined;
    };
    const missing = keys.filter((key) => hit(key) === undefined);
    if (fresh) observe(kind, 'bypass', keys.length);
    else {
      observe(kind, 'hit', keys.length - missing.length);
      observe(kind, 'miss', missing.length);
    }
    if (missing.length === 0) return keys.map((key) => hit(key) ?? null);
    const fetched = await fetch(api, scope, missing);
    const byKey = new Map<string, WixPackage | null>();
    missing.forEach((key, index) => byKey.set(key, fetched[index] ?? null));
    const found = fetched.filter((pkg): pkg is WixPackage => pkg !== null);
    await orElse(store.fill(found), undefined);
    return keys.map((key) => hit(key) ?? byKey.get(key) ?? null);
  }

  return {
    byIds: (api, scope, ids) =>
      answer('package', (a, k) => store.packagesById(a, k), upstream.byIds, api, scope, ids),
    byInstanceIds: (api, scope, instanceIds) =>
      answer(
        'instance',
        (a, k) => store.packagesByInstanceId(a, k),
        upstream.byInstanceIds,
        api,
        scope,
        instanceIds,
      ),
  };
}
