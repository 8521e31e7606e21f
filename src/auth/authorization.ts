/**
 * Scope checks. `AuthorizationError` is a field error with `extensions.code` `FORBIDDEN`; it
 * carries no HTTP status, so one refused field does not turn a partial result into a 403.
 */
import { GraphQLError } from 'graphql';
import type { Caller } from './caller';

export class AuthorizationError extends GraphQLError {
  readonly requiredScope: string;

  constructor(requiredScope: string) {
    super(`This operation requires the scope "${requiredScope}".`, {
      extensions: { code: 'FORBIDDEN', requiredScope },
    });
    this.name = 'AuthorizationError';
    this.requiredScope = requiredScope;
  }
}

/** Throws `AuthorizationError` unless `caller` holds `scope`. */
export function requireScope(caller: Caller, scope: string): void {
  if (!caller.scopes.has(scope)) throw new AuthorizationError(scope);
}
