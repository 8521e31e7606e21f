/**
 * Every change heard on the ChangeBus (webhooks, the watcher, own writes of any replica) is
 * applied to the entity cache: its state replaces an older cached one and the lists of its
 * account are renewed. With Redis the bus reaches every replica and the store is shared, so a
 * change is visible everywhere as soon as one replica has applied it (each applies it; the
 * store's date order makes the repeats harmless).
 */
import type { ChangeBus } from '../live/change-bus';
import type { Logger } from '../logging/logger';
import type { EntityCacheStore } from '../shared-state/entity-cache-store';

/** Subscribes `store` to `bus`; the returned function unsubscribes. */
export function subscribeEntityCache(
  bus: ChangeBus,
  store: EntityCacheStore,
  logger: Logger,
): () => void {
  return bus.subscribe((event) => {
    store
      .applyChange(event)
      .catch((error: unknown) =>
        logger.warn(
          { event: 'entity_cache.change_failed', errorName: (error as Error)?.name },
          'a change could not be applied to the entity cache; its entries expire with the TTL',
        ),
      );
  });
}
