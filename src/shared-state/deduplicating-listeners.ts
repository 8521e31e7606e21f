/**
 * The listeners of a ChangeBus whose events may reach this process twice (an echo through Redis
 * or the primary after a local delivery): recent event ids are remembered, so each event is
 * handed to the listeners once; a listener that throws is reported and the others still run.
 */
import type { ChangeListener } from '../live/change-bus';
import type { PackageChangeEvent } from '../live/package-change';
import { createRecentIds } from './recent-ids';

export interface DeduplicatingListeners {
  /** Hands `event` to every listener, unless it was handed on lately. */
  deliver(event: PackageChangeEvent): void;
  /** Adds a listener; the returned function removes it. */
  add(listener: ChangeListener): () => void;
  clear(): void;
}

/** Remembers the last 10 000 event ids. */
export function createDeduplicatingListeners(
  onListenerError: (error: unknown) => void,
): DeduplicatingListeners {
  const listeners = new Set<ChangeListener>();
  const delivered = createRecentIds(10_000);
  return {
    deliver(event) {
      if (!delivered.add(event.eventId)) return;
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    add(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}
