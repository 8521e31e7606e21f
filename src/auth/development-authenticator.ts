/**
 * The development authenticator: a request without credentials is the configured account with
 * every scope; a request with a bearer token signed by the development key is the account the
 * token names, with the token's scopes (a token the key does not verify is refused, never
 * ignored). Only for the clearly logged development mode with the embedded emulator.
 */
import { AuthConfigError } from './authentication-error';
import { isAccountId } from './account-id';
import type { Authenticator } from './authenticator';
import type { Caller } from './caller';
import { DEVELOPMENT_TOKEN_SECRET } from './development-token';
import { createAuthenticator } from './jwt-authenticator';
import { ALL_SCOPES } from './scopes';

/** Returns the development authenticator acting as `accountId` when no token is sent. */
export function createDevelopmentAuthenticator(accountId: string): Authenticator {
  if (!isAccountId(accountId))
    throw new AuthConfigError('the development account id must be a GUID');
  const ownId = accountId.toLowerCase();
  const caller: Caller = Object.freeze({
    accountId: ownId,
    scopes: new Set<string>(ALL_SCOPES),
    visibleAccountIds: Object.freeze([ownId]),
  });
  const tokens = createAuthenticator({ kind: 'hmac', secret: DEVELOPMENT_TOKEN_SECRET });
  return {
    mode: 'development',
    authenticate: async (authorizationHeader) =>
      authorizationHeader === undefined || authorizationHeader.trim() === ''
        ? caller
        : tokens.authenticate(authorizationHeader),
  };
}
