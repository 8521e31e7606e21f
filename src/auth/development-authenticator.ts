/**
 * The development authenticator: every request is the given account with every scope. Only for
 * the clearly logged development mode with the embedded emulator, where there is no issuer.
 */
import { AuthConfigError } from './authentication-error';
import { isAccountId } from './account-id';
import type { Authenticator } from './authenticator';
import type { Caller } from './caller';
import { ALL_SCOPES } from './scopes';

/** Returns an authenticator that ignores credentials and yields a fixed all-scopes caller. */
export function createDevelopmentAuthenticator(accountId: string): Authenticator {
  if (!isAccountId(accountId))
    throw new AuthConfigError('the development account id must be a GUID');
  const ownId = accountId.toLowerCase();
  const caller: Caller = Object.freeze({
    accountId: ownId,
    scopes: new Set<string>(ALL_SCOPES),
    visibleAccountIds: Object.freeze([ownId]),
  });
  return { mode: 'development', authenticate: async () => caller };
}
