/**
 * Where the package loaders' batches are answered: the upstream (package-batches.ts) by
 * default, or the entity cache in front of it (src/entity-cache/cached-package-batches.ts),
 * chosen per request in src/context.ts. Both keep the batch contract: one result per key, in
 * key order, null where no package of the scope matches.
 */
import type { PackagesApi } from '../wix/packages-api-contract';
import type { WixPackage } from '../wix/wire-types';
import type { AccountScope } from './account-scope';
import { fetchPackagesByIds, fetchPackagesByInstanceIds } from './package-batches';

export interface PackageBatchSource {
  byIds(
    api: PackagesApi,
    scope: AccountScope,
    ids: readonly string[],
  ): Promise<Array<WixPackage | null>>;
  byInstanceIds(
    api: PackagesApi,
    scope: AccountScope,
    instanceIds: readonly string[],
  ): Promise<Array<WixPackage | null>>;
}

/** Every batch is one upstream call. */
export const UPSTREAM_BATCHES: PackageBatchSource = {
  byIds: fetchPackagesByIds,
  byInstanceIds: fetchPackagesByInstanceIds,
};
