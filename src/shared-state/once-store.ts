/**
 * "Has this key been seen?" with expiry: webhook de-duplication (DomainEvent ids, 48 hours).
 * The in-process twin serves one process; with REDIS_URL a Redis twin (SET NX PX) makes the
 * answer the same on every replica.
 */
export interface OnceStore {
  /** True the first time `key` is claimed within `ttlMs`; false while an earlier claim lives. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /**
   * Forgets a claim, so the next `claim(key)` succeeds again: for work that failed after its
   * claim (a webhook whose publish failed must be taken when Wix resends it). A no-op for a key
   * not claimed.
   */
  release(key: string): Promise<void>;
}

/** One process's store; expired keys are swept on claim, so memory stays bounded by traffic. */
export function createInProcessOnceStore(now: () => number = Date.now): OnceStore {
  const expiries = new Map<string, number>();
  const sweep = (at: number): void => {
    // Map iteration is insertion order and TTLs are usually equal, so the oldest come first.
    for (const [key, expiry] of expiries) {
      if (expiry > at) break;
      expiries.delete(key);
    }
  };
  return {
    async claim(key, ttlMs) {
      const at = now();
      sweep(at);
      const expiry = expiries.get(key);
      if (expiry !== undefined && expiry > at) return false;
      expiries.delete(key);
      expiries.set(key, at + ttlMs);
      return true;
    },
    async release(key) {
      expiries.delete(key);
    },
  };
}
