import type { MiddlewareFn } from 'type-graphql';
import { toClientError } from './errors';

/**
 * Resolver middleware: an upstream failure (`WixError`, e.g. a DataLoader rejection) leaves
 * the resolver as the table's `GatewayError`, so no raw upstream error reaches
 * `formatError`. Applied per resolver class, so plain data fields pay nothing.
 */
export const mapUpstreamErrors: MiddlewareFn = (_action, next) => withUpstreamErrorsMapped(next);

/**
 * Runs `work`; a failure, thrown or rejected, leaves as the middleware above makes it (also
 * for direct resolvers). One derived promise, not an async function's two: fifty aliased
 * lookups go through it per operation.
 */
export function withUpstreamErrorsMapped<T>(work: () => Promise<T>): Promise<T> {
  let pending: Promise<T>;
  try {
    pending = work();
  } catch (error) {
    return Promise.reject(toClientError(error));
  }
  return pending.catch(rethrowAsClientError);
}

/** A rejection handler leaving a failure as the middleware above makes it. */
export function rethrowAsClientError(error: unknown): never {
  throw toClientError(error);
}
