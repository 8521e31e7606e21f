/**
 * Webhook de-duplication for one machine's workers when no Redis is configured: the primary
 * holds the one store, so the same event delivered to two workers is published once. While
 * the primary does not answer, the worker decides with its own in-process store (degraded to
 * per-worker de-duplication, never failing a webhook).
 */
import type { PrimaryLink } from '../cluster/primary-link';
import { createInProcessOnceStore, type OnceStore } from './once-store';

/** An IPC round trip takes well under a millisecond; this only bounds a stuck primary. */
const PRIMARY_TIMEOUT_MS = 1_000;

export function createClusterOnceStore(primary: PrimaryLink): OnceStore {
  const fallback = createInProcessOnceStore();
  return {
    claim: (key, ttlMs) =>
      primary
        .request<boolean>('once.claim', { key, ttlMs }, PRIMARY_TIMEOUT_MS)
        .then((first) => first === true)
        .catch(() => fallback.claim(key, ttlMs)),
    async release(key) {
      await primary.request('once.release', { key }, PRIMARY_TIMEOUT_MS).catch(() => undefined);
      await fallback.release(key);
    },
  };
}
