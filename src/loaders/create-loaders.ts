/**
 * Per-request DataLoaders over the account-scoped API (one result per key, in key order; never shared between requests). Created in
 * src/context.ts for every request — never at module scope, never in resolver fields.
 */
import type { PackagesApi } from '../wix/packages-api-contract';
import type { WixPackage } from '../wix/wire-types';
import { createAccountScope } from './account-scope';
import { LazilyPrimedLoader } from './lazily-primed-loader';
import { UPSTREAM_BATCHES, type PackageBatchSource } from './package-batch-source';

/** Query Packages returns at most 100 packages per page (contract: Query Packages). */
export const MAX_BATCH_SIZE = 100;

export interface CreateLoadersOptions {
  /** Accounts the request may read; defaults to `[api.accountId]`. */
  readonly accountIds?: readonly string[];
  /** Sees the size of every batch, answered upstream or from the cache (metrics); must not throw. */
  readonly onBatch?: ((loader: LoaderName, size: number) => void) | undefined;
  /** Where batches are answered; default: the upstream, one call per batch. */
  readonly batches?: PackageBatchSource | undefined;
  /** Runs each batch inside a trace span (tracing on); absent, batches run as they are. */
  readonly traceBatch?:
    (<T>(loader: LoaderName, size: number, run: () => Promise<T>) => Promise<T>) | undefined;
}

export type LoaderName = 'packageById' | 'packageByInstanceId';

/** The key a package is primed under in `packageById` (none for a missing one). */
export const packageIdOf = (pkg: WixPackage | null): readonly string[] => (pkg ? [pkg.id] : []);

/** The keys a package is primed under in `packageByInstanceId`: its instances' ids. */
export const instanceIdsOf = (pkg: WixPackage | null): readonly string[] =>
  pkg ? pkg.productInstances.map((instance) => instance.instanceId) : [];

/**
 * Builds the request's loaders:
 * - `packageById`: package GUID → package (or null when absent from the scope);
 * - `packageByInstanceId`: product-instance GUID → the package holding it (or null);
 * - `scope`: the account scope every query must carry (also used by list queries).
 *
 * Each batch is one Query Packages call (≤ 100 keys). A failed call rejects every key of its
 * batch with the upstream's `WixError` (the keys are then forgotten, so a later load
 * retries). Every package fetched by one loader primes the other, so derived fields
 * (`ProductInstance.package`, …) cost no extra call.
 */
export function createLoaders(api: PackagesApi, options: CreateLoadersOptions = {}) {
  // The loaders serve one scope for their whole life (one request), so the account is part
  // of the loader rather than of each cache key: a per-key scope prefix was
  // built and hashed on every load and prime, 300 times for a page of 100 packages.
  const scope = createAccountScope(api.accountId, options.accountIds);
  const traceBatch = options.traceBatch;
  const batches = options.batches ?? UPSTREAM_BATCHES;
  /** The batch's upstream lookup, inside its span when tracing is on. */
  function lookup<T>(loader: LoaderName, size: number, run: () => Promise<T>): Promise<T> {
    return traceBatch === undefined ? run() : traceBatch(loader, size, run);
  }

  const packageById = new LazilyPrimedLoader<WixPackage | null>(
    async (ids) => {
      options.onBatch?.('packageById', ids.length);
      const results = await lookup('packageById', ids.length, () => batches.byIds(api, scope, ids));
      packageByInstanceId.primeAll(results, instanceIdsOf);
      return results;
    },
    { maxBatchSize: MAX_BATCH_SIZE },
  );

  const packageByInstanceId = new LazilyPrimedLoader<WixPackage | null>(
    async (instanceIds) => {
      options.onBatch?.('packageByInstanceId', instanceIds.length);
      const results = await lookup('packageByInstanceId', instanceIds.length, () =>
        batches.byInstanceIds(api, scope, instanceIds),
      );
      packageById.primeAll(results, packageIdOf);
      packageByInstanceId.primeAll(results, instanceIdsOf);
      return results;
    },
    { maxBatchSize: MAX_BATCH_SIZE },
  );

  return { packageById, packageByInstanceId, scope };
}

/** The loaders of one request. */
export type Loaders = ReturnType<typeof createLoaders>;
