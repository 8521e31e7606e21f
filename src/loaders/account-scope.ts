import type { WixFilter } from '../wix/wire-types';

/**
 * The accounts a request may read. Query Packages answers with the whole parent-account
 * tree whatever the `wix-account-id` header says (contract: Query Packages), so every query carries this
 * filter, and every result is checked against it.
 */
export interface AccountScope {
  readonly accountIds: readonly string[];
  /** `{accountId: {$eq}}` for one account, `{accountId: {$in}}` for several. */
  readonly filter: WixFilter;
  /** True when a package of `accountId` may be shown in this scope. */
  includes(accountId: string): boolean;
}

function buildAccountScope(ids: readonly string[]): AccountScope {
  const normalized = new Set(ids.map((id) => id.toLowerCase()));
  const [single] = ids;
  const filter: WixFilter =
    ids.length === 1 && single !== undefined
      ? { accountId: Object.freeze({ $eq: single }) }
      : { accountId: Object.freeze({ $in: ids }) };
  return Object.freeze({
    accountIds: ids,
    filter: Object.freeze(filter),
    // A package without an account (an upstream breaking its contract) belongs to no scope:
    // hidden like another account's, never a TypeError.
    includes: (accountId: string) =>
      typeof accountId === 'string' && normalized.has(accountId.toLowerCase()),
  });
}

/**
 * Scopes built from frozen account lists (a verified caller's `visibleAccountIds`, reused while
 * its token is cached): the scope depends on nothing else, and is itself frozen, so every
 * request of that caller shares one instead of rebuilding its set and filter.
 */
const scopesOfFrozenLists = new WeakMap<readonly string[], AccountScope>();

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
  if (accountIds === undefined) return buildAccountScope([defaultAccountId]);
  if (!Object.isFrozen(accountIds))
    return buildAccountScope(Object.freeze([...new Set(accountIds)]));
  let scope = scopesOfFrozenLists.get(accountIds);
  if (scope === undefined) {
    scope = buildAccountScope(Object.freeze([...new Set(accountIds)]));
    scopesOfFrozenLists.set(accountIds, scope);
  }
  return scope;
}
