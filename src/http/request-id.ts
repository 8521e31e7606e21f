/** The id that ties a request's access log line, error logs and upstream calls together. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A client-supplied request id is reused only when it is short and plain (log-safe). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's `x-request-id` when safe, otherwise a fresh UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const supplied = request.headers['x-request-id'];
  return typeof supplied === 'string' && SAFE_REQUEST_ID.test(supplied) ? supplied : randomUUID();
}
