import type { MiddlewareFn } from 'type-graphql';
import { toClientError } from './errors';

/**
 * Resolver middleware: an upstream failure (`WixError`, e.g. a DataLoader rejection) leaves
 * the resolver as the table's `GatewayError`, so no raw upstream error reaches
 * `formatError`. Applied per resolver class, so plain data fields pay nothing.
 */
export const mapUpstreamErrors: MiddlewareFn = (_action, next) => withUpstreamErrorsMapped(next);

/** Runs `work`; a failure leaves as the middleware above makes it (for direct resolvers). */
export async function withUpstreamErrorsMapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toClientError(error);
  }
}
