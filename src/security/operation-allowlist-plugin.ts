/**
 * Allowlist mode ("trusted documents"): only operations registered in the manifest run.
 *
 * - `createOperationAllowlistPlugin` refuses any other document with
 *   `PERSISTED_QUERY_NOT_ALLOWED` in `didResolveOperation`, i.e. before execution. It hashes the
 *   document text Apollo resolved — sent in full, or found by `extensions.persistedQuery.
 *   sha256Hash` — so a client cannot pair an allowed hash with other text.
 * - `createManifestPersistedQueryCache` lets clients send only the hash: pass it as
 *   `persistedQueries: { cache }`. It serves manifest bodies and ignores registrations, so
 *   Apollo's automatic persisted queries cannot add to the list. An unknown hash-only request
 *   gets Apollo's `PERSISTED_QUERY_NOT_FOUND`; resent with its text, it is refused as above.
 */
import type { ApolloServerPlugin, BaseContext, PersistedQueryOptions } from '@apollo/server';
import { checkPlugin, type OperationCheck } from '../graphql/execution/operation-checks';
import { loadOperationManifest, sha256Hex } from './operation-manifest';
import { RequestRejectedError } from './request-rejected-error';

export interface OperationAllowlistOptions {
  /** The parsed manifest JSON; validated at construction. */
  readonly manifest: unknown;
}

/** Returns the allowlist check; throws at construction when the manifest is invalid. */
export function createOperationAllowlistCheck(
  options: OperationAllowlistOptions,
): OperationCheck<unknown> {
  const allowed = loadOperationManifest(options.manifest);
  return ({ source }) => {
    if (!allowed.has(sha256Hex(source))) {
      throw new RequestRejectedError(
        'PERSISTED_QUERY_NOT_ALLOWED',
        'This operation is not in the list of allowed operations.',
      );
    }
  };
}

/** The allowlist check as an Apollo plugin (`didResolveOperation`). */
export function createOperationAllowlistPlugin(
  options: OperationAllowlistOptions,
): ApolloServerPlugin<BaseContext> {
  return checkPlugin(createOperationAllowlistCheck(options));
}

type PersistedQueryCache = NonNullable<PersistedQueryOptions['cache']>;

/** Apollo prefixes APQ keys (`apq:<hash>`); the hash is always the last 64 hex digits. */
const TRAILING_HASH = /([0-9a-f]{64})$/i;

/** A read-only APQ cache over the manifest; throws at construction when it is invalid. */
export function createManifestPersistedQueryCache(manifest: unknown): PersistedQueryCache {
  const bodies = loadOperationManifest(manifest);
  return {
    async get(key) {
      const hash = TRAILING_HASH.exec(key)?.[1];
      return hash === undefined ? undefined : bodies.get(hash.toLowerCase());
    },
    async set() {},
    async delete() {
      return false;
    },
  };
}
