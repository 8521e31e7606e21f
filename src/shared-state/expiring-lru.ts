/**
 * A map of this process bounded in size and in time: entries expire `ttlMs` after they were
 * set, and past `capacity` the least recently used are dropped. Size is the number of entries,
 * or the sum of `weigh(value)` when values differ much in size (a package of 1000 instances is
 * not one package of one). For in-process twins of stores whose Redis twin uses `PX` expiry.
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
  readonly weight: number;
}

export function createExpiringLru<V>(
  capacity: number,
  ttlMs: number,
  now: () => number = Date.now,
  weigh: (value: V) => number = () => 1,
): ExpiringLru<V> {
  const slots = new Map<string, Slot<V>>();
  let total = 0;
  const remove = (key: string): void => {
    const slot = slots.get(key);
    if (slot === undefined) return;
    slots.delete(key);
    total -= slot.weight;
  };
  return {
    get(key) {
      const slot = slots.get(key);
      if (slot === undefined) return undefined;
      slots.delete(key);
      if (slot.expiresAt <= now()) {
        total -= slot.weight;
        return undefined;
      }
      slots.set(key, slot);
      return slot.value;
    },
    set(key, value) {
      remove(key);
      const weight = Math.max(1, weigh(value));
      // Heavier than the whole capacity: kept nowhere (it would evict everything else).
      if (weight > capacity) return;
      slots.set(key, { value, expiresAt: now() + ttlMs, weight });
      total += weight;
      while (total > capacity) {
        const oldest = slots.keys().next();
        if (oldest.done) break;
        remove(oldest.value);
      }
    },
    delete(key) {
      remove(key);
    },
    get size() {
      return slots.size;
    },
  };
}
