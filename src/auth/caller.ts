/** Who is calling, as established by an `Authenticator`. Immutable, request-scoped. */
export interface Caller {
  /** The Wix account every upstream call is made for (`wix-account-id`); lower-case GUID. */
  readonly accountId: string;
  readonly scopes: ReadonlySet<string>;
  /**
   * Accounts whose packages list queries may include: `[accountId]`, unless the token carries
   * the `packages:read:subaccounts` scope and a `subAccountIds` claim, in which case
   * `[accountId, ...subAccountIds]` (deduplicated, own account first, lower-case).
   */
  readonly visibleAccountIds: readonly string[];
  /** The token's `sub`, for logs and audit; absent for the development caller. */
  readonly subject?: string;
  /**
   * When the credential stops being valid (the token's `exp`, epoch ms); absent for the
   * development caller. Long-lived entrances (a WebSocket) end the connection then.
   */
  readonly expiresAtMs?: number;
}
