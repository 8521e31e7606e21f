/** A value → set-of-package-ids map; empty sets are dropped so sizes stay honest. */
export class IdMultimap {
  private readonly sets = new Map<string, Set<string>>();

  add(value: string, id: string): void {
    let set = this.sets.get(value);
    if (!set) {
      set = new Set();
      this.sets.set(value, set);
    }
    set.add(id);
  }

  delete(value: string, id: string): void {
    const set = this.sets.get(value);
    if (!set) return;
    set.delete(id);
    if (set.size === 0) this.sets.delete(value);
  }

  /** The ids holding `value`; the returned set is live and must not be modified. */
  get(value: string): ReadonlySet<string> | undefined {
    return this.sets.get(value);
  }

  clear(): void {
    this.sets.clear();
  }
}
