/**
 * The gateway's connection to the Redis every replica shares (ioredis 5). One command client
 * for the stores, plus dedicated subscriber connections for pub/sub (a subscribed connection
 * can run no other command).
 *
 * Contract for every user: Redis is an optimisation shared between replicas, never a
 * dependency of answering a query. Commands are bounded (`commandTimeoutMs`), never queued
 * while disconnected (they fail at once, so callers fall back to in-process state instead of
 * waiting), and the client reconnects on its own with capped backoff.
 */
import Redis from 'ioredis';

export type RedisStatus = 'ready' | 'unavailable';

export interface RedisConnectionOptions {
  readonly url: string;
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number;
  /** Told once per change between `ready` and `unavailable` (logs); must not throw. */
  readonly onStatusChange?: (status: RedisStatus, error?: Error) => void;
}

export interface RedisConnection {
  /** The shared command client. */
  readonly client: Redis;
  /** Whether commands can be sent right now. */
  status(): RedisStatus;
  /** A new connection with the same settings, for `SUBSCRIBE` (closed by `close()`). */
  subscriber(): Redis;
  /** Resolves when the client is ready or `timeoutMs` passed, whichever is first. */
  waitUntilReady(timeoutMs: number): Promise<RedisStatus>;
  /** Closes every connection (pending commands fail). */
  close(): Promise<void>;
}

/** Reconnect after 100 ms, 200 ms, … capped at 2 s, forever: recovery needs no operator. */
function reconnectDelay(attempt: number): number {
  return Math.min(attempt * 100, 2_000);
}

/** Connects (in the background) to `options.url`. */
export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const settings = {
    connectTimeout: options.connectTimeoutMs,
    commandTimeout: options.commandTimeoutMs,
    enableOfflineQueue: false,
    // A command in flight when the connection drops fails instead of being resent later.
    maxRetriesPerRequest: 0,
    retryStrategy: reconnectDelay,
    // How long a closing socket may linger before it is destroyed (ioredis' default: 2 s).
    disconnectTimeout: 200,
    // Our keys carry their own prefixes; one logical database.
    lazyConnect: false,
  } as const;
  const client = new Redis(options.url, settings);
  const subscribers = new Set<Redis>();
  let status: RedisStatus = 'unavailable';
  let lastError: Error | undefined;

  const setStatus = (next: RedisStatus): void => {
    if (next === status) return;
    status = next;
    options.onStatusChange?.(next, next === 'unavailable' ? lastError : undefined);
  };
  client.on('ready', () => setStatus('ready'));
  // Without an 'error' listener ioredis prints every failed reconnect to stderr.
  client.on('error', (error: Error) => {
    lastError = error;
  });
  client.on('close', () => setStatus('unavailable'));
  client.on('end', () => setStatus('unavailable'));

  return {
    client,
    status: () => status,
    subscriber() {
      const connection = new Redis(options.url, { ...settings, enableOfflineQueue: true });
      connection.on('error', () => {});
      subscribers.add(connection);
      return connection;
    },
    waitUntilReady(timeoutMs) {
      if (status === 'ready') return Promise.resolve(status);
      return new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          client.off('ready', done);
          resolve(status);
        };
        const timer = setTimeout(done, timeoutMs);
        client.on('ready', done);
      });
    },
    async close() {
      const all = [client, ...subscribers];
      subscribers.clear();
      await Promise.all(
        all.map(async (connection) => {
          // QUIT lets pending replies arrive; a connection that is not up is just dropped
          // (quitting one that is reconnecting left its reconnect timer running).
          if (connection.status === 'ready') {
            const quit = await connection.quit().then(
              () => true,
              () => false,
            );
            if (quit) return;
          }
          connection.disconnect();
        }),
      );
    },
  };
}
