/**
 * The pub/sub of package changes: every source publishes here, every subscription listens
 * here. One process uses the in-process bus below; with REDIS_URL a Redis twin of the same
 * interface carries events between replicas (each event delivered once per replica).
 * Listeners filter by account themselves; the bus knows nothing of callers.
 */
import type { PackageChangeEvent } from './package-change';

export type ChangeListener = (event: PackageChangeEvent) => void;

export interface ChangeBus {
  /** Delivers the event to every listener (on every replica, for a shared bus). */
  publish(event: PackageChangeEvent): Promise<void>;
  /** Adds a listener; the returned function removes it. */
  subscribe(listener: ChangeListener): () => void;
  /** Stops delivery and releases connections. */
  close(): Promise<void>;
}

/** The bus of one process: synchronous fan-out; a throwing listener does not stop the others. */
export function createInProcessChangeBus(
  onListenerError: (error: unknown) => void = () => {},
): ChangeBus {
  const listeners = new Set<ChangeListener>();
  return {
    async publish(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}
