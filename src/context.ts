/**
 * Per-request wiring: who is calling → an account-scoped API object → fresh loaders.
 * Everything request-scoped is created here and nowhere else (DESIGN rule 2); the undici
 * pool, the http client, the authenticator and the schema are created once and passed in.
 */
import type { IncomingMessage } from 'node:http';
import type { Authenticator } from './auth/authenticator';
import type { GatewayContext } from './graphql/context.type';
import { createLoaders } from './loaders/create-loaders';
import type { HttpClient } from './wix/http-client';
import { createPackagesApi } from './wix/packages-api';

export interface ContextFactoryOptions {
  readonly client: HttpClient;
  readonly authenticator: Authenticator;
  /** Overall budget of one GraphQL request across all its upstream calls. */
  readonly requestDeadlineMs: number;
  /** Signs connection cursors (see src/graphql/package/package-cursor.ts). */
  readonly cursorKey: Uint8Array;
  /** Receives the size of every loader batch (metrics). */
  readonly onLoaderBatch?: (loader: string, size: number) => void;
}

/**
 * Returns the function Apollo calls once per HTTP request to build its context. It rejects
 * with an `AuthenticationError` (HTTP 401, `UNAUTHENTICATED`) before anything touches the
 * upstream when the caller cannot be authenticated.
 */
export function createContextFactory(
  options: ContextFactoryOptions,
): (request: IncomingMessage, requestId: string) => Promise<GatewayContext> {
  return async (request, requestId) => {
    const caller = await options.authenticator.authenticate(request.headers.authorization);
    const api = createPackagesApi(options.client, {
      accountId: caller.accountId,
      requestId,
      deadline: Date.now() + options.requestDeadlineMs,
    });
    return {
      requestId,
      caller,
      accountId: caller.accountId,
      api,
      cursorKey: options.cursorKey,
      loaders: createLoaders(api, {
        accountIds: caller.visibleAccountIds,
        ...(options.onLoaderBatch && { onBatch: options.onLoaderBatch }),
      }),
    };
  };
}
