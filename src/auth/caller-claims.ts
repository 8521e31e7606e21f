/**
 * The gateway's claims contract: a verified JWT payload → `Caller`.
 *
 * - `accountId` (required): GUID of the Wix account acted for.
 * - `scope` (required): space-separated scopes (RFC 8693 style); may be empty.
 * - `subAccountIds` (optional): GUIDs of sub-accounts; honoured only with the
 *   `packages:read:subaccounts` scope, but validated whenever present.
 * - `sub` (optional): kept as `Caller.subject`.
 * - `exp` (required by the verifier): kept as `Caller.expiresAtMs`.
 */
import { AuthenticationError } from './authentication-error';
import { isAccountId } from './account-id';
import type { Caller } from './caller';
import { SCOPE } from './scopes';

/**
 * The most sub-accounts a token may name. A signed token is trusted, but a longer list is a
 * mistake worth refusing: 100 GUIDs already make a ~5 KB token (headers are capped at 16 KB by
 * Node) and match the upstream's page and filter limits.
 */
export const MAX_SUB_ACCOUNT_IDS = 100;

function readScopes(claims: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const scope = claims['scope'];
  if (scope === undefined) throw new AuthenticationError('missing_claim');
  if (typeof scope !== 'string') throw new AuthenticationError('invalid_claim');
  return new Set(scope.split(' ').filter((token) => token.length > 0));
}

function readSubAccountIds(claims: Readonly<Record<string, unknown>>): readonly string[] {
  const value = claims['subAccountIds'];
  if (value === undefined) return [];
  if (
    !Array.isArray(value) ||
    value.length > MAX_SUB_ACCOUNT_IDS ||
    !value.every((id) => isAccountId(id))
  ) {
    throw new AuthenticationError('invalid_claim');
  }
  return (value as string[]).map((id) => id.toLowerCase());
}

/** Builds the caller from already-verified claims; throws `AuthenticationError` on bad claims. */
export function callerFromClaims(claims: Readonly<Record<string, unknown>>): Caller {
  const accountIdClaim = claims['accountId'];
  if (accountIdClaim === undefined) throw new AuthenticationError('missing_claim');
  if (!isAccountId(accountIdClaim)) throw new AuthenticationError('invalid_claim');
  const accountId = accountIdClaim.toLowerCase();
  const scopes = readScopes(claims);
  const subAccountIds = readSubAccountIds(claims);
  const visibleAccountIds = scopes.has(SCOPE.readSubAccounts)
    ? [...new Set([accountId, ...subAccountIds])]
    : [accountId];
  const subject = claims['sub'];
  const exp = claims['exp'];
  return Object.freeze({
    accountId,
    scopes,
    visibleAccountIds: Object.freeze(visibleAccountIds),
    ...(typeof subject === 'string' && subject.length > 0 ? { subject } : {}),
    ...(typeof exp === 'number' && Number.isFinite(exp) ? { expiresAtMs: exp * 1000 } : {}),
  });
}
