/**
 * Builds the gateway's HTTP server and its routes. Takes every dependency as an argument and
 * reads no environment: main.ts wires it, tests build it directly.
 */
import type { Server, ServerResponse } from 'node:http';
import type { PlaygroundIdentityMode } from '../playground/playground-identity';
import { renderPlaygroundPage, type PlaygroundAsset } from '../playground/playground-page';
import type { CorsPolicy } from '../security/cors-policy';
import { isBrowserNavigation } from './browser-navigation';
import { createLimitedServer, type HttpServerLimits } from './limited-server';
import { dispatchRoute } from './dispatch-route';
import { operationsRoute, type Readiness, type RequestHandler } from './operations-routes';
import { sendBody } from './send';

export const GRAPHQL_PATH = '/graphql';
/** GraphQL over SSE (subscriptions), see sse-subscriptions.ts. */
export const GRAPHQL_STREAM_PATH = '/graphql/stream';
export const PLAYGROUND_PATH = '/playground';
const ASSETS_PATH = `${PLAYGROUND_PATH}/assets`;

export type { Readiness, RequestHandler } from './operations-routes';

export interface HttpServerDependencies {
  readonly graphql: RequestHandler;
  /** Subscriptions over SSE at `/graphql/stream`, when served. */
  readonly graphqlStream?: RequestHandler;
  /** Playground assets when the playground is enabled; undefined turns the routes off. */
  readonly playgroundAssets: ReadonlyMap<string, PlaygroundAsset> | undefined;
  /** Who the playground's requests act as, and the identities it offers. */
  readonly playgroundIdentity?: PlaygroundIdentityMode;
  readonly readiness: () => Promise<Readiness>;
  /** Prometheus exposition, when metrics are enabled. */
  readonly metrics?: () => Promise<{ contentType: string; body: string }>;
  /**
   * Whether `/readyz` lists its checks and `/metrics` is served here: false when a separate
   * operations listener (`OPS_PORT`) serves them (see operations-routes.ts).
   */
  readonly operationsDetails: boolean;
  /** `POST /webhooks/wix`, when the webhook receiver is on (a Wix public key is known). */
  readonly webhooks?: { readonly path: string; readonly handler: RequestHandler };
  /** CORS headers for the GraphQL endpoint (browser frontends on other origins). */
  readonly cors: CorsPolicy;
  /** Called with any error a route handler throws (the client gets a generic 500). */
  readonly onUnexpectedError: (error: unknown) => void;
  /** Timeouts and connection cap against slow and piled-up clients (Node's defaults: minutes). */
  readonly limits: HttpServerLimits;
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { location, 'content-length': 0 });
  response.end();
}

/**
 * The GraphQL route with CORS: preflights answered here, a browser navigation sent to the
 * playground (when it is served), other requests passed on.
 */
function graphqlWithCors(dependencies: HttpServerDependencies): RequestHandler {
  const playground = dependencies.playgroundAssets !== undefined;
  return async (request, response) => {
    if (playground && isBrowserNavigation(request)) {
      redirect(response, PLAYGROUND_PATH);
      return;
    }
    for (const [name, value] of Object.entries(dependencies.cors(request.headers.origin))) {
      response.setHeader(name, value);
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { 'content-length': 0 });
      response.end();
      return;
    }
    await dependencies.graphql(request, response);
  };
}

/** The SSE route with CORS: preflights answered here, other methods passed on. */
function streamWithCors(
  dependencies: HttpServerDependencies,
  handler: RequestHandler,
): RequestHandler {
  return async (request, response) => {
    for (const [name, value] of Object.entries(dependencies.cors(request.headers.origin))) {
      response.setHeader(name, value);
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { 'content-length': 0 });
      response.end();
      return;
    }
    await handler(request, response);
  };
}

function routeOf(
  dependencies: HttpServerDependencies,
  graphql: RequestHandler,
  graphqlStream: RequestHandler | undefined,
  playgroundPage: string,
  pathname: string,
): RequestHandler | undefined {
  if (pathname === GRAPHQL_PATH) return graphql;
  if (pathname === GRAPHQL_STREAM_PATH && graphqlStream) return graphqlStream;
  const operations = operationsRoute(pathname, {
    readiness: dependencies.readiness,
    metrics: dependencies.operationsDetails ? dependencies.metrics : undefined,
    readinessChecks: dependencies.operationsDetails,
  });
  if (operations !== undefined) return operations;
  if (dependencies.webhooks && pathname === dependencies.webhooks.path) {
    return dependencies.webhooks.handler;
  }
  // Browsers ask for an icon on every page they open here; there is none, and saying so with a
  // 204 keeps a 404 out of the console.
  if (pathname === '/favicon.ico') {
    return async (_req, res) => {
      res.writeHead(204, { 'cache-control': 'public, max-age=86400' });
      res.end();
    };
  }
  const assets = dependencies.playgroundAssets;
  if (assets === undefined) return undefined;
  if (pathname === '/') return async (_req, res) => redirect(res, PLAYGROUND_PATH);
  if (pathname === PLAYGROUND_PATH) {
    return async (_req, res) => sendBody(res, 200, 'text/html; charset=utf-8', playgroundPage);
  }
  if (pathname.startsWith(`${ASSETS_PATH}/`)) {
    const asset = assets.get(pathname.slice(ASSETS_PATH.length + 1));
    if (asset === undefined) return undefined;
    return async (_req, res) =>
      sendBody(res, 200, asset.contentType, asset.body, {
        'cache-control': 'public, max-age=86400',
      });
  }
  return undefined;
}

/** Creates (but does not start) the HTTP server. */
export function createHttpServer(dependencies: HttpServerDependencies): Server {
  const graphql = graphqlWithCors(dependencies);
  const graphqlStream =
    dependencies.graphqlStream && streamWithCors(dependencies, dependencies.graphqlStream);
  const playgroundPage = renderPlaygroundPage(
    GRAPHQL_PATH,
    ASSETS_PATH,
    dependencies.playgroundIdentity ?? { kind: 'token-required', identities: [] },
  );
  const server = createLimitedServer(dependencies.limits, (request, response) => {
    const url = request.url ?? '/';
    // The hot path: a GraphQL POST names the endpoint exactly; anything else is parsed.
    const pathname =
      url === GRAPHQL_PATH ? GRAPHQL_PATH : new URL(url, 'http://gateway.invalid').pathname;
    const handler = routeOf(dependencies, graphql, graphqlStream, playgroundPage, pathname);
    dispatchRoute(handler, request, response, dependencies.onUnexpectedError);
  });
  return server;
}
