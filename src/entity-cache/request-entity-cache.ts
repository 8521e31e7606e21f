/**
 * What one request sees of the entity cache: the gateway's store, and whether this request
 * may be answered from it. A request that must not see cached data (`fresh`) still reads
 * through to the upstream and records what it read, so it refreshes the cache for others.
 */
import type { EntityCacheStore } from '../shared-state/entity-cache-store';
import type { EntityCacheObserver } from './entity-cache-observer';

export interface RequestEntityCache {
  readonly store: EntityCacheStore;
  /** True when the client asked for data straight from the upstream (no cached answer). */
  readonly fresh: boolean;
  /** Sees every lookup's outcome (metrics); absent when metrics are off. */
  readonly observe?: EntityCacheObserver;
}

/** A store failure is a miss (or a lost fill), never a failed request. */
export async function orElse<T>(attempt: Promise<T>, fallback: T): Promise<T> {
  try {
    return await attempt;
  } catch {
    return fallback;
  }
}
