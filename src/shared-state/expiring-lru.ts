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

/**
 * An entry, linked into the recency list (newest first). A hit moves the entry in the list,
 * not in the Map: deleting and setting the key again on every hit (the Map's own order as
 * the recency) made V8 replace the Map's backing table every few hits, and a chain of replaced
 * tables keeps every entry they held alive until a full collection (see
 * src/http/in-flight-list.ts). The Map changes only when an entry comes or goes.
 */
interface Slot<V> {
  readonly key: string;
  value: V;
  expiresAt: number;
  weight: number;
  newer: Slot<V> | undefined;
  older: Slot<V> | undefined;
}

export function createExpiringLru<V>(
  capacity: number,
  ttlMs: number,
  now: () => number = Date.now,
  weigh: (value: V) => number = () => 1,
): ExpiringLru<V> {
  const slots = new Map<string, Slot<V>>();
  let newest: Slot<V> | undefined;
  let oldest: Slot<V> | undefined;
  let total = 0;
  const unlink = (slot: Slot<V>): void => {
    if (slot.newer === undefined) newest = slot.older;
    else slot.newer.older = slot.older;
    if (slot.older === undefined) oldest = slot.newer;
    else slot.older.newer = slot.newer;
    slot.newer = undefined;
    slot.older = undefined;
  };
  const pushNewest = (slot: Slot<V>): void => {
    slot.older = newest;
    if (newest === undefined) oldest = slot;
    else newest.newer = slot;
    newest = slot;
  };
  const remove = (slot: Slot<V>): void => {
    unlink(slot);
    slots.delete(slot.key);
    total -= slot.weight;
  };
  return {
    get(key) {
      const slot = slots.get(key);
      if (slot === undefined) return undefined;
      if (slot.expiresAt <= now()) {
        remove(slot);
        return undefined;
      }
      if (slot !== newest) {
        unlink(slot);
        pushNewest(slot);
      }
      return slot.value;
    },
    set(key, value) {
      const weight = Math.max(1, weigh(value));
      const known = slots.get(key);
      // Heavier than the whole capacity: kept nowhere (it would evict everything else).
      if (weight > capacity) {
        if (known !== undefined) remove(known);
        return;
      }
      if (known === undefined) {
        const slot: Slot<V> = {
          key,
          value,
          expiresAt: now() + ttlMs,
          weight,
          newer: undefined,
          older: undefined,
        };
        slots.set(key, slot);
        pushNewest(slot);
      } else {
        total -= known.weight;
        known.value = value;
        known.expiresAt = now() + ttlMs;
        known.weight = weight;
        if (known !== newest) {
          unlink(known);
          pushNewest(known);
        }
      }
      total += weight;
      while (total > capacity && oldest !== undefined) remove(oldest);
    },
    delete(key) {
      const slot = slots.get(key);
      if (slot !== undefined) remove(slot);
    },
    get size() {
      return slots.size;
    },
  };
}
