/**
 * An ordering of package ids by one timestamp (epoch ms), ascending by `(key, id)`.
 * Kept as two parallel arrays so a walk is a plain index loop and a lookup is a binary
 * search. Appending the newest key (the usual case: new packages and bumped `updatedDate`s)
 * is O(1); other inserts and removals pay one `splice`.
 */
export class SortedKeyIndex {
  private readonly keys: number[] = [];
  private readonly ids: string[] = [];

  get length(): number {
    return this.keys.length;
  }

  keyAt(position: number): number {
    return this.keys[position]!;
  }

  idAt(position: number): string {
    return this.ids[position]!;
  }

  insert(key: number, id: string): void {
    const last = this.keys.length - 1;
    if (last < 0 || compareKeyId(this.keys[last]!, this.ids[last]!, key, id) < 0) {
      this.keys.push(key);
      this.ids.push(id);
      return;
    }
    const position = this.lowerBound(key, id);
    this.keys.splice(position, 0, key);
    this.ids.splice(position, 0, id);
  }

  /** Removes the `(key, id)` pair; a pair that is not present is ignored. */
  remove(key: number, id: string): void {
    const position = this.lowerBound(key, id);
    if (this.keys[position] === key && this.ids[position] === id) {
      this.keys.splice(position, 1);
      this.ids.splice(position, 1);
    }
  }

  clear(): void {
    this.keys.length = 0;
    this.ids.length = 0;
  }

  /** First position whose `(key, id)` is not less than the given pair. */
  lowerBound(key: number, id: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareKeyId(this.keys[middle]!, this.ids[middle]!, key, id) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** First position whose key is not less than `key` (ids ignored). */
  firstAtOrAfter(key: number): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keys[middle]! < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** First position whose key is greater than `key`. */
  firstAfter(key: number): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keys[middle]! <= key) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function compareKeyId(keyA: number, idA: string, keyB: number, idB: string): number {
  if (keyA !== keyB) return keyA < keyB ? -1 : 1;
  if (idA === idB) return 0;
  return idA < idB ? -1 : 1;
}
