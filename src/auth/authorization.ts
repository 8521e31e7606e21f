/**
 * Scope checks. `AuthorizationError` is a field error with `extensions.code` `FORBIDDEN`; by
 * default it carries no HTTP status, so one refused field does not turn a partial result into a
 * 403. A refusal of the whole operation passes `{ httpStatus: 403 }` (Apollo reads
 * `extensions.http` for the status; `formatError` removes it from the body).
 */
import { GraphQLError } from 'graphql';
import type { Caller } from './caller';

export class AuthorizationError extends GraphQLError {
  readonly requiredScope: string;

  constructor(requiredScope: string, options: { readonly httpStatus?: number } = {}) {
    super(`This operation requires the scope "${requiredScope}".`, {
      extensions: {
        code: 'FORBIDDEN',
        requiredScope,
        ...(options.httpStatus === undefined ? {} : { http: { status: options.httpStatus } }),
      },
    });
    this.name = 'AuthorizationError';
    this.requiredScope = requiredScope;
  }
}

/** Throws `AuthorizationError` unless `caller` holds `scope`. */
export function requireScope(caller: Caller, scope: string): void {
  if (!caller.scopes.has(scope)) throw new AuthorizationError(scope);
}
