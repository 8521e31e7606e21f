import type { MiddlewareFn } from 'type-graphql';
import { toClientError } from './errors';

/**
 * Resolver middleware: an upstream failure (`WixError`, e.g. a DataLoader rejection) leaves
 * the resolver as the table's `GatewayError`, so no raw upstream error reaches
 * `formatError`. Applied per resolver class, so plain data fields pay nothing.
 */
export const mapUpstreamErrors: MiddlewareFn = async (_action, next) => {
  try {
    return await next();
  } catch (error) {
    throw toClientError(error);
  }
};
