/**
 * How both listeners (the API port and the operations port) run the route a request matched:
 * none is a 404; a handler that fails is reported once and answered with a generic 500, or its
 * connection destroyed when the answer had already begun (a half-sent answer cannot be fixed).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from './operations-routes';
import { sendJson } from './send';

export function dispatchRoute(
  handler: RequestHandler | undefined,
  request: IncomingMessage,
  response: ServerResponse,
  onUnexpectedError: (error: unknown) => void,
): void {
  if (handler === undefined) {
    sendJson(response, 404, { error: 'not found' });
    return;
  }
  handler(request, response).catch((error: unknown) => {
    onUnexpectedError(error);
    if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
    else response.destroy();
  });
}
