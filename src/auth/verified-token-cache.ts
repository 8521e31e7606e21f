/**
 * Remembers tokens that already passed verification, until they expire, so a frontend that
 * sends the same bearer token on every request pays for one signature check, not one per
 * request. Keyed by the exact token text: a hit is the same signed bytes, verified before.
 * Bounded: the oldest entries are dropped first.
 */
import type { Caller } from './caller';

interface Entry {
  readonly caller: Caller;
  /** `exp` in epoch ms: the entry is never used at or after it. */
  readonly expiresAtMs: number;
}

export interface VerifiedTokenCache {
  get(token: string, nowMs: number): Caller | undefined;
  set(token: string, caller: Caller, expiresAtMs: number): void;
}

/** Creates a cache holding at most `maxEntries` verified tokens. */
export function createVerifiedTokenCache(maxEntries: number): VerifiedTokenCache {
  const entries = new Map<string, Entry>();
  // The entry found last, checked first: a client sends the same token on every request, and
  // comparing two strings costs less than hashing one for the map. It is always an entry still
  // in the map (forgotten whenever an entry leaves it), so answers are the map's.
  let lastToken: string | undefined;
  let lastEntry: Entry | undefined;
  return {
    get(token, nowMs) {
      const entry = token === lastToken ? lastEntry : entries.get(token);
      if (entry === undefined) return undefined;
      if (nowMs >= entry.expiresAtMs) {
        entries.delete(token);
        lastToken = lastEntry = undefined;
        return undefined;
      }
      lastToken = token;
      lastEntry = entry;
      return entry.caller;
    },
    set(token, caller, expiresAtMs) {
      if (maxEntries <= 0) return;
      lastToken = lastEntry = undefined;
      entries.delete(token);
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(token, { caller, expiresAtMs });
    },
  };
}
