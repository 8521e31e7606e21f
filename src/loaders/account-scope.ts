import type { WixFilter } from '../wix/wire-types';

/**
 * The accounts a request may read. Query Packages answers with the whole parent-account
 * tree whatever the `wix-account-id` header says (§6.4), so every query carries this
 * filter, and every result is checked against it.
 */
export interface AccountScope {
  readonly accountIds: readonly string[];
  /** `{accountId: {$eq}}` for one account, `{accountId: {$in}}` for several. */
  readonly filter: WixFilter;
  /** Stable text naming the scope; prefixes DataLoader cache keys. */
  readonly key: string;
  /** True when a package of `accountId` may be shown in this scope. */
  includes(accountId: string): boolean;
}

/**
 * Builds the scope: `accountIds` when given (non-empty), otherwise just `defaultAccountId`.
 * Throws on an empty list: an empty scope is a wiring bug, not "see nothing".
 */
export function createAccountScope(
  defaultAccountId: string,
  accountIds?: readonly string[],
): AccountScope {
  if (accountIds !== undefined && accountIds.length === 0) {
    throw new Error('account scope must name at least one account');
  }
  const ids = [...new Set(accountIds ?? [defaultAccountId])];
  const normalized = new Set(ids.map((id) => id.toLowerCase()));
  const [single] = ids;
  return {
    accountIds: ids,
    filter:
      ids.length === 1 && single !== undefined
        ? { accountId: { $eq: single } }
        : { accountId: { $in: ids } },
    key: [...normalized].sort().join(','),
    includes: (accountId) => normalized.has(accountId.toLowerCase()),
  };
}
