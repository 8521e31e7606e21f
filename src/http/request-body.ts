/**
 * Reads a request body the way every route of the gateway must: under the route's own byte
 * limit and under the budget all requests share (`HTTP_MAX_BUFFERED_BODY_BYTES`), and says what
 * to answer when it cannot be read. Each route renders the refusal in its own body format.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BodyBudget } from './body-budget';
import { BodyAbortedError, BodyTooLargeError, readBody, ServerBusyError } from './read-body';

export interface BodyRefusal {
  readonly status: 413 | 503;
  readonly code: 'PAYLOAD_TOO_LARGE' | 'SERVER_BUSY';
  readonly message: string;
}

export type RequestBodyOutcome =
  | { readonly kind: 'read'; readonly body: Buffer }
  | { readonly kind: 'refused'; readonly refusal: BodyRefusal }
  /** The client left, or Node answered 408 and closed the connection: nobody to answer. */
  | { readonly kind: 'gone' };

export interface RequestBodyLimits {
  readonly limitBytes: number;
  /** The budget shared by all requests; absent only where nothing else buffers (unit tests). */
  readonly budget?: BodyBudget | undefined;
}

/** Reads the whole body, or tells why not. Other errors (none expected) are thrown. */
export async function readRequestBody(
  request: IncomingMessage,
  limits: RequestBodyLimits,
): Promise<RequestBodyOutcome> {
  try {
    return { kind: 'read', body: await readBody(request, limits.limitBytes, limits.budget) };
  } catch (error) {
    if (error instanceof BodyAbortedError) return { kind: 'gone' };
    if (error instanceof BodyTooLargeError) {
      return {
        kind: 'refused',
        refusal: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: error.message },
      };
    }
    if (error instanceof ServerBusyError) {
      return {
        kind: 'refused',
        refusal: { status: 503, code: 'SERVER_BUSY', message: error.message },
      };
    }
    throw error;
  }
}

/**
 * Sets the headers a refusal needs before its body is sent: the connection closes once the
 * answer is out (the rest of the body is never read, and a client trickling it would otherwise
 * hold the connection until the request timeout), and a busy server asks the client to retry
 * after a second (the stalled bodies holding the budget are cut within the request timeout).
 */
export function setRefusalHeaders(response: ServerResponse, refusal: BodyRefusal): void {
  response.setHeader('connection', 'close');
  if (refusal.status === 503) response.setHeader('retry-after', '1');
}
