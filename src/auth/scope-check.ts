/**
 * A blanket, operation-level scope check: queries and subscriptions need `packages:read`,
 * mutations (and anything else) `packages:write`, before any resolver runs. Resolvers may still call `requireScope` for
 * finer rules; this guard makes a forgotten check fail closed. Operations that select only
 * introspection fields (`__schema`, `__type`, `__typename`) are exempt so tools can load the
 * schema with any valid token.
 */
import type { OperationDefinitionNode } from 'graphql';
import type { OperationCheck } from '../graphql/pipeline/operation-check';
import { AuthenticationError } from './authentication-error';
import { AuthorizationError } from './authorization';
import type { Caller } from './caller';
import { SCOPE } from './scopes';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type', '__typename']);

function selectsOnlyIntrospection(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === 'Field' && INTROSPECTION_FIELDS.has(selection.name.value),
  );
}

/** The scope an operation type requires (a subscription only reads). */
export function scopeForOperation(operation: OperationDefinitionNode['operation']): string {
  return operation === 'query' || operation === 'subscription' ? SCOPE.read : SCOPE.write;
}

/**
 * Returns the check rejecting (before execution) operations the caller lacks the scope for,
 * with `FORBIDDEN` and HTTP 403. `callerOf` reads the caller from the context; a context
 * without one is refused as `UNAUTHENTICATED`.
 */
export function createScopeCheck<TContext>(
  callerOf: (context: TContext) => Caller | undefined,
): OperationCheck<TContext> {
  return ({ operation, contextValue }) => {
    if (!operation || selectsOnlyIntrospection(operation)) return;
    const caller = callerOf(contextValue);
    if (!caller) throw new AuthenticationError('missing_token');
    const scope = scopeForOperation(operation.operation);
    // The whole operation is refused, so the response is a 403 (not Apollo's default 500
    // for errors thrown from `didResolveOperation`).
    if (!caller.scopes.has(scope)) throw new AuthorizationError(scope, { httpStatus: 403 });
  };
}
