/**
 * The state replicas share, chosen once at start: with `REDIS_URL` the Redis twins of each
 * store, otherwise the in-process ones. The layers above receive the stores and never know
 * which they got.
 */
import type { RedisConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import { createRedisConnection, type RedisConnection } from './redis-connection';

export interface SharedState {
  /** The Redis connection, when one is configured. */
  readonly redis: RedisConnection | undefined;
  /** `/readyz` value: `ready`, `unavailable` (serving from in-process fallbacks) or `off`. */
  redisCheck(): string;
  close(): Promise<void>;
}

/**
 * Opens the shared state. With Redis configured it waits up to the connect timeout for the
 * first connection, so a healthy start uses Redis from the first request; an unreachable Redis
 * does not stop the start (the stores fall back and the client keeps reconnecting).
 */
export async function openSharedState(config: RedisConfig, logger: Logger): Promise<SharedState> {
  if (config.url === undefined) {
    return { redis: undefined, redisCheck: () => 'off', close: async () => {} };
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
  await redis.waitUntilReady(config.connectTimeoutMs);
  return { redis, redisCheck: () => redis.status(), close: () => redis.close() };
}
