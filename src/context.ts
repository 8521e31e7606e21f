/**
 * Per-request wiring: who is calling → an account-scoped API object → fresh loaders.
 * Everything request-scoped is created here and nowhere else (DESIGN rule 2); the undici
 * pool, the http client and the schema are created once and passed in.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from './graphql/context.type';
import { createLoaders } from './loaders/create-loaders';
import type { HttpClient } from './wix/http-client';
import { createPackagesApi } from './wix/packages-api';

export interface ContextFactoryOptions {
  readonly client: HttpClient;
  /** The account acted for until authentication supplies a caller. */
  readonly defaultAccountId: string;
  /** Overall budget of one GraphQL request across all its upstream calls. */
  readonly requestDeadlineMs: number;
}

/** A client-supplied request id is reused only when it is short and plain. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id: the client's `x-request-id` when safe, otherwise a fresh UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const supplied = request.headers['x-request-id'];
  return typeof supplied === 'string' && SAFE_REQUEST_ID.test(supplied) ? supplied : randomUUID();
}

/** Returns the function Apollo calls once per HTTP request to build its context. */
export function createContextFactory(
  options: ContextFactoryOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<GatewayContext> {
  return async (request, response) => {
    const requestId = requestIdOf(request);
    response.setHeader('x-request-id', requestId);
    const accountId = options.defaultAccountId;
    const api = createPackagesApi(options.client, {
      accountId,
      requestId,
      deadline: Date.now() + options.requestDeadlineMs,
    });
    return { requestId, accountId, api, loaders: createLoaders(api) };
  };
}
