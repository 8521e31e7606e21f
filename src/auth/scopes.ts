/**
 * The OAuth-style scopes the gateway understands, carried space-separated in the `scope` claim.
 */
export const SCOPE = {
  /** Run queries. */
  read: 'packages:read',
  /** Run mutations. */
  write: 'packages:write',
  /**
   * Widen the caller's scope to the sub-accounts named in the `subAccountIds` claim: lists,
   * single-item lookups and (with `packages:write`) writes on their packages. It grants nothing
   * by itself: queries still need `packages:read`, mutations `packages:write`.
   */
  readSubAccounts: 'packages:read:subaccounts',
} as const;

export type Scope = (typeof SCOPE)[keyof typeof SCOPE];

/** Every scope, e.g. for the development caller. */
export const ALL_SCOPES: readonly Scope[] = Object.freeze(Object.values(SCOPE));
