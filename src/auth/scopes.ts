/**
 * The OAuth-style scopes the gateway understands, carried space-separated in the `scope` claim.
 */
export const SCOPE = {
  /** Run queries. */
  read: 'packages:read',
  /** Run mutations. */
  write: 'packages:write',
  /**
   * Widen list queries to the sub-accounts named in the `subAccountIds` claim. It grants no
   * read access by itself (lists still need `packages:read`) and never widens single-item
   * lookups, which the upstream scopes to the caller's own account.
   */
  readSubAccounts: 'packages:read:subaccounts',
} as const;

export type Scope = (typeof SCOPE)[keyof typeof SCOPE];

/** Every scope, e.g. for the development caller. */
export const ALL_SCOPES: readonly Scope[] = Object.freeze(Object.values(SCOPE));
