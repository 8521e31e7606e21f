/**
 * A map of this process bounded in size and in time: entries expire `ttlMs` after they were
 * set, and past `capacity` the least recently used is dropped. For in-process twins of stores
 * whose Redis twin uses `PX` expiry.
 */
export interface ExpiringLru<V> {
  /** The live value, marked most recently used; undefined when absent or expired. */
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
  readonly size: number;
}

interface Slot<V> {
  readonly value: V;
  readonly expiresAt: number;
}

export function createExpiringLru<V>(
  capacity: number,
  ttlMs: number,
  now: () => number = Date.now,
): ExpiringLru<V> {
  const slots = new Map<string, Slot<V>>();
  return {
    get(key) {
      const slot = slots.get(key);
      if (slot === undefined) return undefined;
      slots.delete(key);
      if (slot.expiresAt <= now()) return undefined;
      slots.set(key, slot);
      return slot.value;
    },
    set(key, value) {
      slots.delete(key);
      slots.set(key, { value, expiresAt: now() + ttlMs });
      if (slots.size > capacity) {
        const oldest = slots.keys().next();
        if (!oldest.done) slots.delete(oldest.value);
      }
    },
    delete(key) {
      slots.delete(key);
    },
    get size() {
      return slots.size;
    },
  };
}
