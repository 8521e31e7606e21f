/**
 * Assembles the gateway from a parsed Config and an upstream base URL: undici pool → http
 * client → schema → Apollo → HTTP server. Used by main.ts and by the integration tests, so
 * both run the same wiring. Reads no environment.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import type { Dispatcher } from 'undici';
import type { Config } from './config/config';
import { createContextFactory } from './context';
import type { GatewayContext } from './graphql/context.type';
import { createFormatError } from './graphql/format-error';
import { createGraphQLHandler } from './http/graphql-handler';
import { createHttpServer } from './http/server';
import type { Logger } from './logging/logger';
import { loadPlaygroundAssets } from './playground/playground-page';
import { buildGatewaySchema } from './schema';
import { createHttpClient, type HttpClient } from './wix/http-client';
import { createUpstreamPool } from './wix/upstream-pool';

export interface GatewayOptions {
  readonly config: Config;
  /** Where REST calls go: Wix, or the emulator's URL. */
  readonly upstreamUrl: string;
  readonly apiKey: string;
  readonly logger: Logger;
}

export interface Gateway {
  readonly server: Server;
  readonly httpClient: HttpClient;
  /** Starts listening; resolves with the URL of the GraphQL endpoint's origin. */
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), closes the pool. */
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds a ready-to-listen gateway. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, logger } = options;
  const dispatcher: Dispatcher = createUpstreamPool({
    baseUrl: options.upstreamUrl,
    connections: config.http.connections,
    connectTimeoutMs: config.http.connectTimeoutMs,
  });
  const httpClient = createHttpClient({
    baseUrl: options.upstreamUrl,
    apiKey: options.apiKey,
    dispatcher,
    timeouts: { headersMs: config.http.headersTimeoutMs, bodyMs: config.http.bodyTimeoutMs },
    retry: {
      maxAttempts: config.retry.maxAttempts,
      baseDelayMs: config.retry.baseDelayMs,
      maxDelayMs: config.retry.maxDelayMs,
    },
    breaker: config.breaker,
    writeRetry: config.retry.writePolicy,
  });
  const apollo = new ApolloServer<GatewayContext>({
    schema: buildGatewaySchema(),
    formatError: createFormatError((event) => logger.error(event, 'unexpected error')),
    introspection: true,
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  const server = createHttpServer({
    graphql: createGraphQLHandler({
      apollo,
      bodyLimitBytes: BODY_LIMIT_BYTES,
      buildContext: createContextFactory({
        client: httpClient,
        defaultAccountId: config.defaultAccountId,
        requestDeadlineMs: config.requestDeadlineMs,
      }),
    }),
    playgroundAssets: loadPlaygroundAssets(),
    readiness: async () => {
      const breaker = httpClient.breakerState();
      return { ready: breaker !== 'open', checks: { upstreamCircuitBreaker: breaker } };
    },
    onUnexpectedError: (error) => logger.error({ err: error }, 'request handler failed'),
  });
  return {
    server,
    httpClient,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shownHost}:${address.port}`);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      await apollo.stop();
      await dispatcher.close();
    },
  };
}
