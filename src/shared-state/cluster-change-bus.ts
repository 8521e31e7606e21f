/**
 * The ChangeBus of one machine's workers when no Redis is configured (`WORKERS` > 1): a worker
 * hands each event to the primary over IPC, and the primary hands it to every worker (the
 * sender included), so a webhook received by one worker reaches the subscribers of all. While
 * the primary cannot be reached, the worker's own listeners still get its events. Recent event
 * ids are remembered, so an event reaching a worker twice is handed on once.
 */
import type { PrimaryLink } from '../cluster/primary-link';
import type { ChangeBus } from '../live/change-bus';
import type { PackageChangeEvent } from '../live/package-change';
import { createDeduplicatingListeners } from './deduplicating-listeners';

export function createClusterChangeBus(
  primary: PrimaryLink,
  onListenerError: (error: unknown) => void = () => {},
): ChangeBus {
  const listeners = createDeduplicatingListeners(onListenerError);
  const deliver = (event: PackageChangeEvent): void => listeners.deliver(event);

  const stopListening = primary.on('changes.deliver', (payload) => {
    const event = payload as PackageChangeEvent | undefined;
    if (typeof event?.eventId === 'string') deliver(event);
  });

  return {
    async publish(event) {
      if (!primary.emit('changes.publish', event)) deliver(event);
    },
    subscribe: (listener) => listeners.add(listener),
    async close() {
      stopListening();
      listeners.clear();
    },
  };
}
