/**
 * The separate operations listener (`OPS_PORT`): `/healthz`, `/readyz` with its checks and
 * `/metrics`, on a port that only operators and the scraper reach (see operations-routes.ts).
 */
import type { Server } from 'node:http';
import { createLimitedServer, type HttpServerLimits } from './limited-server';
import { operationsRoute, type OperationsEndpoints } from './operations-routes';
import { sendJson } from './send';

export interface OperationsServerDependencies {
  readonly endpoints: OperationsEndpoints;
  readonly limits: HttpServerLimits;
  readonly onUnexpectedError: (error: unknown) => void;
}

/** Creates (but does not start) the operations server. */
export function createOperationsServer(dependencies: OperationsServerDependencies): Server {
  return createLimitedServer(dependencies.limits, (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://gateway.invalid').pathname;
    const handler = operationsRoute(pathname, dependencies.endpoints);
    if (handler === undefined) {
      sendJson(response, 404, { error: 'not found' });
      return;
    }
    handler(request, response).catch((error: unknown) => {
      dependencies.onUnexpectedError(error);
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.destroy();
    });
  });
}
