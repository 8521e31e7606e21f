/**
 * A request refused before execution by an abuse limit or the operation allowlist. Its message
 * and extensions are safe to show (they name the limit, never anything internal); it carries no
 * response path, so the gateway's `formatError` passes it through as a request error. Apollo
 * turns `extensions.http` into a 400 status and removes it from the response body.
 */
import { GraphQLError } from 'graphql';

/** Every `extensions.code` this module emits. */
export type RequestRejectionCode =
  | 'MAX_DEPTH_EXCEEDED'
  | 'MAX_ALIASES_EXCEEDED'
  | 'MAX_DIRECTIVES_EXCEEDED'
  | 'QUERY_TOO_COMPLEX'
  | 'TOO_MANY_MUTATIONS'
  | 'PERSISTED_QUERY_NOT_ALLOWED';

export class RequestRejectedError extends GraphQLError {
  readonly code: RequestRejectionCode;

  constructor(
    code: RequestRejectionCode,
    message: string,
    details: Readonly<Record<string, number | string>> = {},
  ) {
    super(message, { extensions: { code, ...details, http: { status: 400 } } });
    this.name = 'RequestRejectedError';
    this.code = code;
  }
}
