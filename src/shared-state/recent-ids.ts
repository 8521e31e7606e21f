/**
 * The last `capacity` ids seen, for "was this already handled here?" with bounded memory:
 * insertion-ordered, the oldest forgotten first.
 */
export interface RecentIds {
  /** True when `id` is new (and now remembered); false when it was seen lately. */
  add(id: string): boolean;
}

export function createRecentIds(capacity: number): RecentIds {
  const ids = new Set<string>();
  return {
    add(id) {
      if (ids.has(id)) return false;
      ids.add(id);
      if (ids.size > capacity) {
        const oldest = ids.values().next().value;
        if (oldest !== undefined) ids.delete(oldest);
      }
      return true;
    },
  };
}
