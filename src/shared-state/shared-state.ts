/**
 * The state replicas share, chosen once at start: with `REDIS_URL` the Redis twins of each
 * store; otherwise, in a worker of several (`WORKERS` > 1), the bus and de-duplication through
 * the primary (IPC) and the rest in-process; otherwise the in-process ones. The layers above
 * receive the stores and never know which they got.
 */
import type { PrimaryLink } from '../cluster/primary-link';
import type { EntityCacheConfig, RedisConfig } from '../config/config';
import { createInProcessChangeBus, type ChangeBus } from '../live/change-bus';
import type { Logger } from '../logging/logger';
import { createClusterChangeBus } from './cluster-change-bus';
import { createClusterOnceStore } from './cluster-once-store';
import { createInProcessEntityCacheStore, type EntityCacheStore } from './entity-cache-store';
import { createInProcessOnceStore, type OnceStore } from './once-store';
import { createRedisPersistedQueryCache, type PersistedQueryCache } from './persisted-query-cache';
import { createRedisChangeBus } from './redis-change-bus';
import { createRedisConnection, type RedisConnection } from './redis-connection';
import { createRedisEntityCacheStore } from './redis-entity-cache-store';
import { createRedisOnceStore } from './redis-once-store';

export interface SharedState {
  /** The Redis connection, when one is configured. */
  readonly redis: RedisConnection | undefined;
  /** Package changes: delivered on every replica (Redis pub/sub) or in this process. */
  readonly changeBus: ChangeBus;
  /** Webhook de-duplication: the same on every replica (SET NX PX) or in this process. */
  readonly onceStore: OnceStore;
  /** The entity cache (shared in Redis, or this process's); undefined when it is off. */
  readonly entityCache: EntityCacheStore | undefined;
  /** APQ registrations shared in Redis; undefined = Apollo's own in-memory cache. */
  readonly persistedQueryCache: PersistedQueryCache | undefined;
  /** `/readyz` value: `ready`, `unavailable` (serving from in-process fallbacks) or `off`. */
  redisCheck(): string;
  /** Closes the bus and the connections; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens the shared state. With Redis configured it waits up to the connect timeout for the
 * first connection, so a healthy start uses Redis from the first request; an unreachable Redis
 * does not stop the start (the stores fall back and the client keeps reconnecting).
 */
export async function openSharedState(
  config: RedisConfig,
  logger: Logger,
  entityCache: EntityCacheConfig = { ttlMs: 0 },
  /** Set in a worker of several: its channel to the primary. */
  primary?: PrimaryLink,
): Promise<SharedState> {
  const cacheOn = entityCache.ttlMs > 0;
  const onListenerError = (error: unknown): void =>
    logger.error(
      { event: 'live.listener_failed', errorName: (error as Error)?.name },
      'change listener failed',
    );
  if (config.url === undefined) {
    const changeBus =
      primary === undefined
        ? createInProcessChangeBus(onListenerError)
        : createClusterChangeBus(primary, onListenerError);
    return {
      redis: undefined,
      changeBus,
      onceStore:
        primary === undefined ? createInProcessOnceStore() : createClusterOnceStore(primary),
      entityCache: cacheOn ? createInProcessEntityCacheStore(entityCache.ttlMs) : undefined,
      persistedQueryCache: undefined,
      redisCheck: () => 'off',
      close: () => changeBus.close(),
    };
  }
  const redis = createRedisConnection({
    url: config.url,
    connectTimeoutMs: config.connectTimeoutMs,
    commandTimeoutMs: config.commandTimeoutMs,
    onStatusChange: (status, error) => {
      if (status === 'ready') logger.info({ event: 'redis.ready' }, 'Redis connected');
      else
        logger.warn(
          { event: 'redis.unavailable', errorCode: (error as { code?: string })?.code },
          'Redis unavailable: using in-process state until it reconnects',
        );
    },
  });
  const changeBus = createRedisChangeBus({
    publisher: redis.client,
    subscriber: redis.subscriber(),
    onError: onListenerError,
  });
  await redis.waitUntilReady(config.connectTimeoutMs);
  let closing: Promise<void> | undefined;
  return {
    redis,
    changeBus,
    onceStore: createRedisOnceStore(redis.client),
    entityCache: cacheOn
      ? createRedisEntityCacheStore(redis.client, { ttlMs: entityCache.ttlMs })
      : undefined,
    persistedQueryCache: createRedisPersistedQueryCache(redis.client),
    redisCheck: () => redis.status(),
    close: () =>
      (closing ??= (async () => {
        await changeBus.close();
        await redis.close();
      })()),
  };
}
