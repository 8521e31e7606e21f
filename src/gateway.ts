/**
 * Assembles the gateway from a parsed Config and an upstream base URL: undici pool → http
 * client → authenticator → schema → operation pipeline (Apollo adapter, fast path) → HTTP server. Used by main.ts and by the
 * integration tests, so both run the same wiring. Reads no environment.
 */
import { hkdfSync } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Authenticator } from './auth/authenticator';
import { createDevelopmentAuthenticator } from './auth/development-authenticator';
import { createAuthenticator } from './auth/jwt-authenticator';
import type { Config } from './config/config';
import { createCallerContextFactory, createContextFactory } from './context';
import { BodyBudget } from './http/body-budget';
import { prepareGracefulClose } from './http/graceful-close';
import { createGraphQLHandler } from './http/graphql-handler';
import { createOperationsServer } from './http/operations-server';
import { createHttpServer, type Readiness } from './http/server';
import type { ChangeBus } from './live/change-bus';
import { createChangeFeed, type ChangeFeed, type ChangeFeedObserver } from './live/change-feed';
import { createSseSubscriptions } from './http/sse-subscriptions';
import { attachWebSocketSubscriptions } from './http/websocket-subscriptions';
import { createConnectionLimiter } from './live/connection-limiter';
import { createLiveMetrics } from './observability/live-metrics';
import { createEntityCacheMetrics } from './observability/entity-cache-metrics';
import { createLiveChanges, type LiveChanges } from './live/live-changes';
import { startPackageWatcher, type PackageWatcher } from './live/package-watcher';
import { createApolloAdapter } from './graphql/pipeline/apollo-adapter';
import { createFastPath } from './graphql/pipeline/fast-path';
import { createOperationPipeline } from './graphql/pipeline/operation-pipeline';
import type { GatewayContext } from './graphql/context.type';
import type { Logger } from './logging/logger';
import { createMetrics } from './observability/metrics';
import { createBatchTracer } from './observability/tracing/loader-batch-span';
import { withProducerSpans } from './observability/tracing/change-producer-span';
import { createOperationTracer } from './observability/tracing/operation-span';
import { startTracing } from './observability/tracing/start-tracing';
import type { Tracing } from './observability/tracing/tracing';
import { createWatcherTickTracer } from './observability/tracing/watcher-tick-span';
import {
  combineWebhookObservers,
  createWebhookSpanObserver,
  traceWebhookRoute,
} from './observability/tracing/webhook-span';
import { combineObservers, createUpstreamLogObserver } from './observability/upstream-log-observer';
import { describeAccount, playgroundIdentityOf } from './development/demo-identities';
import { loadPlaygroundAssets } from './playground/playground-page';
import { buildGatewaySchema } from './schema';
import { createCorsPolicy } from './security/cors-policy';
import { subscribeEntityCache } from './entity-cache/entity-cache-invalidation';
import { openSharedState } from './shared-state/shared-state';
import type { OnceStore } from './shared-state/once-store';
import { createWebhookRoute } from './webhooks/webhook-route';
import { createHttpClient, type HttpClient } from './wix/http-client';
import { withReadCoalescing } from './wix/read-coalescing';
import { createUpstreamBudget, type UpstreamBudget } from './wix/upstream-budget';
import { createPackagesApi } from './wix/packages-api';
import { createUpstreamPool } from './wix/upstream-pool';
import { createUpstreamProbe } from './wix/upstream-probe';
import type Redis from 'ioredis';
import type { JSONWebKeySet } from 'jose';
import type { Registry } from 'prom-client';
import type { PrimaryLink } from './cluster/primary-link';

export interface GatewayOptions {
  readonly config: Config;
  /** Where REST calls go: Wix, or the emulator's URL. */
  readonly upstreamUrl: string;
  readonly apiKey: string;
  readonly logger: Logger;
  /**
   * The pub/sub of package changes (a shared one carries them between replicas); default: an
   * in-process bus, closed with the gateway. An injected bus is its owner's to close.
   */
  readonly changeBus?: ChangeBus;
  /** Webhook de-duplication; default: the shared state's (Redis with `REDIS_URL`). */
  readonly onceStore?: OnceStore;
  /** Overrides `WIX_WEBHOOK_PUBLIC_KEY` (the embedded emulator's key under `npm start`). */
  readonly webhookPublicKeyPem?: string;
  /**
   * In a worker of several (`WORKERS` > 1): its channel to the primary, through which the
   * change bus and webhook de-duplication go when no Redis is configured.
   */
  readonly primary?: PrimaryLink;
  /**
   * Given the gateway's metrics registry, returns what `/metrics` serves instead of rendering
   * it alone (a worker: the aggregate of every worker). Default: this registry.
   */
  readonly metricsRenderer?: (
    registry: Registry,
  ) => () => Promise<{ contentType: string; body: string }>;
  /**
   * Tracing to use instead of the one `config.tracing` describes (tests: an in-memory
   * exporter). Either way the gateway shuts it down when it closes.
   */
  readonly tracing?: Tracing;
}

/** The gateway's live updates, for its entrances and for tests. */
export interface GatewayLive {
  readonly bus: ChangeBus;
  readonly feed: ChangeFeed;
  readonly changes: LiveChanges;
  /** Undefined when the watcher is off (`WIX_WATCH_INTERVAL_MS=0`). */
  readonly watcher: PackageWatcher | undefined;
}

export interface Gateway {
  readonly server: Server;
  readonly httpClient: HttpClient;
  readonly live: GatewayLive;
  /**
   * Starts listening (and the operations listener on `OPS_PORT`, when configured); resolves
   * with the API origin (`http://host:port`).
   */
  listen(port: number, host: string): Promise<string>;
  /** The operations listener's origin once listening; undefined when there is none. */
  opsOrigin(): string | undefined;
  /**
   * Stops accepting, lets in-flight requests finish (up to the grace period), closes the pool.
   * Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/** Distinct (query text, operation name) pairs the fast path remembers. */
const MAX_KNOWN_OPERATIONS = 1000;

/**
 * The cursor-signing key: derived from the upstream API key (HKDF), so it is secret, needs no
 * extra setting, and is the same on every replica that talks to the same account.
 */
function deriveCursorKey(apiKey: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', apiKey, 'packages-gateway', 'connection-cursor-v1', 32));
}

function createCallerAuthenticator(config: Config, logger: Logger): Authenticator {
  const auth = config.auth;
  if (auth.kind === 'development') {
    logger.warn(
      { event: 'auth.development_mode', accountId: config.defaultAccountId },
      `DEVELOPMENT MODE: no AUTH_JWT_* setting: a request without a token acts as ${describeAccount(config.defaultAccountId)} with all scopes; a token signed with the development key acts as its own account`,
    );
    return createDevelopmentAuthenticator(config.defaultAccountId);
  }
  const expectations = {
    ...(auth.issuer === undefined ? {} : { issuer: auth.issuer }),
    ...(auth.audience === undefined ? {} : { audience: auth.audience }),
    clockToleranceSec: auth.clockToleranceSec,
  };
  const key = auth.key;
  if (key.kind === 'jwks') {
    return createAuthenticator({ kind: 'jwks', jwks: key.jwks as JSONWebKeySet, ...expectations });
  }
  return createAuthenticator({ ...key, ...expectations });
}

/**
 * The change feed over the bus, what requests see of it, and the watcher (when on), which
 * looks at Wix with the gateway's own upstream client, one call per watched account.
 */
function createLive(
  options: GatewayOptions,
  httpClient: HttpClient,
  sharedBus: ChangeBus,
  observer: ChangeFeedObserver | undefined,
  tracing: Tracing | undefined,
): GatewayLive {
  const { config, logger } = options;
  const chosenBus = options.changeBus ?? sharedBus;
  // Every source publishes through the bus: there each change learns the span publishing it.
  const bus = tracing === undefined ? chosenBus : withProducerSpans(chosenBus);
  const feed = createChangeFeed({
    bus,
    queueLimit: config.live.subscriberQueueLimit,
    ...(observer && { observer }),
  });
  const changes = createLiveChanges(feed, (error) =>
    logger.error(
      { event: 'live.publish_failed', errorName: (error as Error)?.name },
      'publishing a package change failed',
    ),
  );
  const intervalMs = config.live.watchIntervalMs;
  const watcher =
    intervalMs === 0
      ? undefined
      : startPackageWatcher({
          intervalMs,
          watchedAccounts: () => feed.watchedAccounts(),
          queryPackages: (accountId, query) =>
            createPackagesApi(httpClient, {
              accountId,
              requestId: `watcher-${accountId}`,
              deadline: Date.now() + config.requestDeadlineMs,
            }).queryPackages(query),
          publish: (event) => changes.publish(event),
          onError: (accountId, error) =>
            logger.warn(
              { event: 'live.watch_failed', accountId, errorName: (error as Error)?.name },
              'watcher could not look at an account; retrying at the next interval',
            ),
          ...(tracing && { traceTick: createWatcherTickTracer(tracing.tracer) }),
        });
  if (watcher !== undefined) {
    // What other sources publish is what the watcher would otherwise report again.
    bus.subscribe((event) => {
      if (event.source !== 'watcher') watcher.observe(event);
    });
  }
  return { bus, feed, changes, watcher };
}

/**
 * The upstream budget of this process. Shared in Redis when configured; otherwise each of
 * `WORKERS` processes takes an even share, so the machine as a whole stays within it.
 */
function createBudget(config: Config, redis: Redis | undefined): UpstreamBudget | undefined {
  const { perMinute } = config.upstreamBudget;
  if (perMinute === 0) return undefined;
  const share =
    redis === undefined ? Math.max(1, Math.floor(perMinute / config.workers)) : perMinute;
  return createUpstreamBudget({ ...config.upstreamBudget, perMinute: share, redis });
}

/** Starts `server` listening; resolves with its origin (`http://host:port`). */
function listenOn(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}`);
    });
  });
}

/** Builds a ready-to-listen gateway. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, logger } = options;
  const metrics = config.metricsEnabled ? createMetrics() : undefined;
  // Absent unless tracing is on: then, and only then, the SDK is loaded.
  const tracing =
    options.tracing ??
    (config.tracing === undefined ? undefined : await startTracing(config.tracing));
  const dispatcher = createUpstreamPool({
    baseUrl: options.upstreamUrl,
    connections: config.http.connections,
    connectTimeoutMs: config.http.connectTimeoutMs,
  });
  const sharedState = await openSharedState(
    config.redis,
    logger,
    config.entityCache,
    options.primary,
  );
  const budget = createBudget(config, sharedState.redis?.client);
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
    observer: combineObservers(metrics?.upstreamObserver, createUpstreamLogObserver(logger)),
    ...(budget && { budget }),
    ...(tracing && { tracing }),
  });
  const probe = createUpstreamProbe(options.upstreamUrl, {
    timeoutMs: config.http.connectTimeoutMs,
    cacheMs: 2_000,
  });
  const liveMetrics = metrics && createLiveMetrics(metrics.registry);
  const live = createLive(
    options,
    httpClient,
    sharedState.changeBus,
    liveMetrics?.feedObserver,
    tracing,
  );
  const entityCache = sharedState.entityCache;
  if (entityCache !== undefined) subscribeEntityCache(live.bus, entityCache, logger);
  const pipeline = createOperationPipeline<GatewayContext>({
    schema: buildGatewaySchema(),
    settings: config.graphql,
    ...(metrics && { recordOperation: metrics.recordOperation }),
    logMaskedError: (event) => logger.error(event, 'unexpected error'),
    ...(tracing && { tracer: createOperationTracer(tracing.tracer) }),
  });
  const fastPath = config.graphql.fastPath
    ? createFastPath({ pipeline, maxKnownOperations: MAX_KNOWN_OPERATIONS })
    : undefined;
  const apollo = createApolloAdapter({
    pipeline,
    settings: config.graphql,
    persistedQueryCache: sharedState.persistedQueryCache,
    ...(fastPath && { fastPath }),
  });
  await apollo.start();
  const readiness = async (): Promise<Readiness> => {
    const breaker = httpClient.breakerState();
    const reachable = await probe.reachable();
    return {
      ready: breaker !== 'open' && reachable,
      checks: {
        upstreamCircuitBreaker: breaker,
        upstreamReachable: String(reachable),
        // Reported, never a reason to be unready: without Redis the gateway still answers.
        redis: sharedState.redisCheck(),
      },
    };
  };
  const renderMetrics =
    metrics &&
    (options.metricsRenderer?.(metrics.registry) ??
      (async () => ({ contentType: metrics.contentType, body: await metrics.render() })));
  const onUnexpectedError = (error: unknown): void =>
    logger.error(
      { event: 'http.unexpected_error', errorName: (error as Error)?.name },
      'request handler failed',
    );
  const authenticator = createCallerAuthenticator(config, logger);
  const contextOptions = {
    // Concurrent identical reads of different requests share one upstream call.
    client: withReadCoalescing(httpClient),
    requestDeadlineMs: config.requestDeadlineMs,
    maxResponseValues: config.graphql.maxResponseValues,
    cursorKey: deriveCursorKey(options.apiKey),
    ...(metrics && {
      onLoaderBatch: (loader: string, size: number) => metrics.recordLoaderBatch(loader, size),
    }),
    changes: live.changes,
    ...(entityCache && { entityCache }),
    ...(entityCache &&
      metrics && { entityCacheObserver: createEntityCacheMetrics(metrics.registry) }),
    ...(tracing && { traceLoaderBatch: createBatchTracer(tracing.tracer) }),
  };
  // Live transports: the same pipeline, authenticator and contexts as HTTP requests.
  const liveDependencies = {
    pipeline,
    authenticator,
    contextFor: createCallerContextFactory(contextOptions),
    limiter: createConnectionLimiter(config.live.maxConnectionsPerCaller),
    ...(tracing && { tracing }),
  };
  // One budget for every route that buffers a request body (GraphQL, SSE, webhooks).
  const bodyBudget = new BodyBudget(config.httpServer.maxBufferedBodyBytes);
  const sse = createSseSubscriptions({
    ...liveDependencies,
    bodyLimitBytes: config.graphql.bodyLimitBytes,
    bodyBudget,
  });
  const webhookObserver = combineWebhookObservers(
    metrics?.webhookObserver,
    tracing && createWebhookSpanObserver(),
  );
  const webhooks = createWebhookRoute({
    publicKeyPem: options.webhookPublicKeyPem ?? config.webhookPublicKeyPem,
    // Redis's SET NX when configured: the same event posted to two replicas is published once.
    once: options.onceStore ?? sharedState.onceStore,
    // Through the feed's bus: every replica's subscribers hear it, staleness checked there.
    publish: (event) => live.feed.publish(event),
    logger,
    ...(webhookObserver && { observer: webhookObserver }),
    bodyBudget,
  });
  const cors = createCorsPolicy(config.corsOrigins, { allowLoopback: config.corsAllowLoopback });
  const server = createHttpServer({
    graphql: createGraphQLHandler({
      apollo,
      bodyLimitBytes: config.graphql.bodyLimitBytes,
      bodyBudget,
      ...(fastPath && { fastPath }),
      buildContext: createContextFactory({ ...contextOptions, authenticator }),
      logger,
      ...(tracing && { tracing }),
    }),
    graphqlStream: (request, response) => sse.handle(request, response),
    playgroundAssets: config.graphql.playground ? loadPlaygroundAssets() : undefined,
    ...(config.graphql.playground && { playgroundIdentity: await playgroundIdentityOf(config) }),
    readiness,
    ...(renderMetrics && { metrics: renderMetrics }),
    operationsDetails: config.opsPort === undefined,
    webhooks: webhooks && tracing ? traceWebhookRoute(webhooks, tracing) : webhooks,
    cors,
    limits: config.httpServer,
    onUnexpectedError,
  });
  const websocket = attachWebSocketSubscriptions({
    ...liveDependencies,
    server,
    cors,
    maxSubscriptionsPerConnection: config.live.maxSubscriptionsPerConnection,
    maxPayloadBytes: config.graphql.bodyLimitBytes,
    logger,
  });
  liveMetrics?.setGaugeSources({
    connections: (transport) =>
      transport === 'websocket' ? websocket.connectionCount() : sse.connectionCount(),
    subscriptions: () => live.feed.subscriptionCount(),
  });
  const opsServer =
    config.opsPort === undefined
      ? undefined
      : createOperationsServer({
          endpoints: { readiness, metrics: renderMetrics, readinessChecks: true },
          limits: config.httpServer,
          onUnexpectedError,
        });
  const closeServer = prepareGracefulClose(server);
  let closing: Promise<void> | undefined;
  let opsOrigin: string | undefined;
  const closeGateway = async (): Promise<void> => {
    await live.watcher?.stop();
    // Stop accepting at once; live clients are let go meanwhile (WebSockets closed with 1001,
    // streams ended), so an open socket never holds the HTTP server's close.
    const serverClosed = closeServer(config.shutdownGraceMs);
    await Promise.all([websocket.close(), sse.close()]);
    live.feed.close();
    // Operators' probes and scrapes need no drain.
    const closeOps = opsServer && new Promise<void>((resolve) => opsServer.close(() => resolve()));
    opsServer?.closeAllConnections();
    await serverClosed;
    await closeOps;
    await apollo.stop();
    await dispatcher.close();
    // Closes the shared bus too (an injected one is its owner's to close).
    await sharedState.close();
    // Last, so the spans of the requests that drained above are exported.
    await tracing?.shutdown();
  };
  return {
    server,
    httpClient,
    live,
    listen: async (port, host) => {
      const origin = await listenOn(server, port, host);
      if (opsServer && config.opsPort !== undefined) {
        opsOrigin = await listenOn(opsServer, config.opsPort, host);
      }
      return origin;
    },
    opsOrigin: () => opsOrigin,
    // Memoized: a signal handler and a test teardown may both close; undici's pool throws
    // when closed twice.
    close: () => (closing ??= closeGateway()),
  };
}
