/** Something with an id, which breaks ties between equal keys. */
interface Identified {
  readonly id: string;
}

/** A read-only view of an ordering: `keys[i]` is the key of `items[i]`, ascending by `(key, id)`. */
export interface SortedKeysView<T> {
  readonly keys: readonly number[];
  readonly items: readonly T[];
}

/**
 * Items ordered by one numeric key (a timestamp in epoch ms), ascending by `(key, id)`; each
 * id appears at most once. Kept as two parallel arrays so a walk is a plain index loop and a
 * lookup is a binary search.
 *
 * Appending the newest key (the usual case: new packages and bumped `updatedDate`s) is O(1).
 * Other changes are buffered and applied on the next read: a few by binary search and
 * `splice`, many (e.g. loading a store in arbitrary order) by one linear merge, so bulk
 * loads stay O(n log n) instead of O(n²).
 */
export class SortedKeyIndex<T extends Identified> {
  private keys: number[] = [];
  private items: T[] = [];
  private readonly pendingInserts = new Map<string, { key: number; item: T }>();
  private readonly pendingRemovals = new Map<string, number>();

  get length(): number {
    return this.view().keys.length;
  }

  /** The current order. Valid until the next change; do not modify. */
  view(): SortedKeysView<T> {
    if (this.pendingInserts.size + this.pendingRemovals.size > 0) this.flush();
    return { keys: this.keys, items: this.items };
  }

  insert(key: number, item: T): void {
    const last = this.keys.length - 1;
    const pending = this.pendingInserts.size + this.pendingRemovals.size > 0;
    if (
      !pending &&
      (last < 0 || compare(this.keys[last]!, this.items[last]!.id, key, item.id) < 0)
    ) {
      this.keys.push(key);
      this.items.push(item);
      return;
    }
    this.pendingInserts.set(item.id, { key, item });
  }

  /** Removes the item with this id and key; one that is not present is ignored. */
  remove(key: number, id: string): void {
    if (this.pendingInserts.get(id)?.key === key) this.pendingInserts.delete(id);
    else this.pendingRemovals.set(id, key);
  }

  clear(): void {
    this.keys = [];
    this.items = [];
    this.pendingInserts.clear();
    this.pendingRemovals.clear();
  }

  private flush(): void {
    if (this.pendingInserts.size + this.pendingRemovals.size <= 64) this.applyOneByOne();
    else this.rebuild();
    this.pendingInserts.clear();
    this.pendingRemovals.clear();
  }

  private applyOneByOne(): void {
    for (const [id, key] of this.pendingRemovals) {
      const position = this.lowerBound(key, id);
      if (this.keys[position] === key && this.items[position]?.id === id) {
        this.keys.splice(position, 1);
        this.items.splice(position, 1);
      }
    }
    for (const { key, item } of this.pendingInserts.values()) {
      const position = this.lowerBound(key, item.id);
      this.keys.splice(position, 0, key);
      this.items.splice(position, 0, item);
    }
  }

  /** Drops removals in one pass, then merges the sorted inserts in. */
  private rebuild(): void {
    const inserts = [...this.pendingInserts.values()].sort((a, b) =>
      compare(a.key, a.item.id, b.key, b.item.id),
    );
    const keys: number[] = [];
    const items: T[] = [];
    let next = 0;
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i]!;
      const item = this.items[i]!;
      if (this.pendingRemovals.get(item.id) === key) continue;
      while (
        next < inserts.length &&
        compare(inserts[next]!.key, inserts[next]!.item.id, key, item.id) < 0
      ) {
        keys.push(inserts[next]!.key);
        items.push(inserts[next]!.item);
        next++;
      }
      keys.push(key);
      items.push(item);
    }
    for (; next < inserts.length; next++) {
      keys.push(inserts[next]!.key);
      items.push(inserts[next]!.item);
    }
    this.keys = keys;
    this.items = items;
  }

  /** First position whose `(key, id)` is not less than the given pair. */
  private lowerBound(key: number, id: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(this.keys[middle]!, this.items[middle]!.id, key, id) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** First position whose key is not less than `key` (ids ignored). */
export function firstAtOrAfter(keys: readonly number[], key: number): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** First position whose key is greater than `key`. */
export function firstAfter(keys: readonly number[], key: number): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle]! <= key) low = middle + 1;
    else high = middle;
  }
  return low;
}

function compare(keyA: number, idA: string, keyB: number, idB: string): number {
  if (keyA !== keyB) return keyA < keyB ? -1 : 1;
  if (idA === idB) return 0;
  return idA < idB ? -1 : 1;
}
