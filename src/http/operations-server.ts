/**
 * The separate operations listener (`OPS_PORT`): `/healthz`, `/readyz` with its checks and
 * `/metrics`, on a port that only operators and the scraper reach (see operations-routes.ts).
 */
import type { Server } from 'node:http';
import { createLimitedServer, type HttpServerLimits } from './limited-server';
import { operationsRoute, type OperationsEndpoints } from './operations-routes';
import { dispatchRoute } from './dispatch-route';

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
    dispatchRoute(handler, request, response, dependencies.onUnexpectedError);
  });
}
