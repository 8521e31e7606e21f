/**
 * The OnceStore shared by every replica: `SET key 1 PX ttl NX` answers "first claim?" the same
 * everywhere. While Redis cannot answer (down, slow), the in-process twin decides for this
 * process, so de-duplication degrades to per-replica instead of failing or letting everything
 * through twice here.
 */
import type Redis from 'ioredis';
import { createInProcessOnceStore, type OnceStore } from './once-store';

export function createRedisOnceStore(
  redis: Redis,
  keyPrefix = 'pgw:once:',
): OnceStore & {
  /** Forgets a claim (a webhook whose publish failed must not be dropped on Wix's resend). */
  release(key: string): Promise<void>;
} {
  const fallback = createInProcessOnceStore();
  return {
    async claim(key, ttlMs) {
      if (redis.status !== 'ready') return fallback.claim(key, ttlMs);
      try {
        const answer = await redis.set(keyPrefix + key, '1', 'PX', Math.max(1, ttlMs), 'NX');
        return answer === 'OK';
      } catch {
        return fallback.claim(key, ttlMs);
      }
    },
    async release(key) {
      await redis.del(keyPrefix + key).catch(() => undefined);
      // The fallback may hold the claim if it was made while Redis was away.
      const local = fallback as OnceStore & { release?: (key: string) => Promise<void> };
      await local.release?.(key);
    },
  };
}
