/**
 * Apollo's automatic persisted queries (hash → query text), shared by every replica in Redis,
 * so a hash registered on one replica is known to all. Written directly over ioredis, with no
 * Keyv layer (Apollo's Keyv adapter with a namespace silently missed every lookup).
 *
 * Each replica keeps its own bounded copy in front (a hash never changes meaning, so a local
 * hit is always right); Redis is asked on a local miss. When Redis cannot answer, a lookup is a
 * miss (the client re-sends the full query, as the APQ protocol provides) and a registration
 * stays local: nothing fails because of Redis.
 */
import type Redis from 'ioredis';

/** Apollo Server's `KeyValueCache<string>`, restated (its package is not our dependency). */
export interface PersistedQueryCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

export interface PersistedQueryCacheOptions {
  /** Default `pgw:apq:`. */
  readonly keyPrefix?: string;
  /** Entries kept in this process. */
  readonly localEntries?: number;
  /** Seconds a registration lives in Redis when Apollo gives no `ttl`; default one day. */
  readonly defaultTtlSeconds?: number;
}

/** A bounded, least-recently-used map of this process. */
function createLocalCache(capacity: number) {
  const entries = new Map<string, string>();
  return {
    get(key: string): string | undefined {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key: string, value: string): void {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > capacity) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
    delete: (key: string) => entries.delete(key),
  };
}

export function createRedisPersistedQueryCache(
  redis: Redis,
  options: PersistedQueryCacheOptions = {},
): PersistedQueryCache {
  const prefix = options.keyPrefix ?? 'pgw:apq:';
  const defaultTtl = options.defaultTtlSeconds ?? 86_400;
  const local = createLocalCache(options.localEntries ?? 1_000);
  return {
    async get(key) {
      const known = local.get(key);
      if (known !== undefined || redis.status !== 'ready') return known;
      const shared = await redis.get(prefix + key).catch(() => null);
      if (shared === null) return undefined;
      local.set(key, shared);
      return shared;
    },
    async set(key, value, setOptions) {
      local.set(key, value);
      if (redis.status !== 'ready') return;
      const ttl = setOptions?.ttl;
      const seconds = typeof ttl === 'number' && ttl > 0 ? Math.ceil(ttl) : defaultTtl;
      await redis.set(prefix + key, value, 'EX', seconds).catch(() => undefined);
    },
    async delete(key) {
      const had = local.delete(key);
      if (redis.status === 'ready') await redis.del(prefix + key).catch(() => undefined);
      return had;
    },
  };
}
