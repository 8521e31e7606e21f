/**
 * The ChangeBus shared by every replica: Redis pub/sub on one channel. An event published on
 * any replica reaches the listeners of every replica (this one included, through its own
 * subscription) exactly once:
 * - each replica holds one subscribed connection, so Redis hands it each message once;
 * - a replica that cannot reach Redis delivers its own events locally instead (its other
 *   replicas miss them until Redis is back: pub/sub keeps no history);
 * - the event ids delivered lately are remembered, so an event that reaches a replica twice
 *   (a publish that timed out after Redis had taken it, then delivered locally too) is handed
 *   to listeners once;
 * - the channel is subscribed again whenever the subscriber connection is (re)established, so a
 *   bus created while Redis was down, or whose SUBSCRIBE was lost with a dropped connection,
 *   subscribes once Redis is back.
 */
import type Redis from 'ioredis';
import type { ChangeBus } from '../live/change-bus';
import type { PackageChangeEvent } from '../live/package-change';
import { createDeduplicatingListeners } from './deduplicating-listeners';

export interface RedisChangeBusOptions {
  /** The command connection (PUBLISH). */
  readonly publisher: Redis;
  /** A dedicated connection, put in subscriber mode by the bus. */
  readonly subscriber: Redis;
  /** Default `pgw:package-changes`. */
  readonly channel?: string;
  /** A listener threw, or a message could not be read; must not throw. */
  readonly onError?: (error: unknown) => void;
}

/** Creates the bus and subscribes to its channel (in the background; resubscribes itself). */
export function createRedisChangeBus(options: RedisChangeBusOptions): ChangeBus {
  const channel = options.channel ?? 'pgw:package-changes';
  const onError = options.onError ?? (() => {});
  const listeners = createDeduplicatingListeners(onError);
  const deliver = (event: PackageChangeEvent): void => listeners.deliver(event);
  const { publisher, subscriber } = options;

  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    let event: PackageChangeEvent;
    try {
      event = JSON.parse(message) as PackageChangeEvent;
    } catch (error) {
      onError(error);
      return;
    }
    if (typeof event?.eventId !== 'string') return;
    deliver(event);
  });
  // ioredis resubscribes after a reconnect only the channels Redis had acknowledged, and a
  // SUBSCRIBE queued or in flight when the connection dropped fails for good (no retries per
  // request). So the bus subscribes again at every 'ready': a repeat SUBSCRIBE is a no-op.
  const subscribeToChannel = (): void => {
    subscriber.subscribe(channel).catch(onError);
  };
  subscriber.on('ready', subscribeToChannel);
  subscribeToChannel();

  return {
    async publish(event) {
      let sent = false;
      if (publisher.status === 'ready') {
        sent = await publisher.publish(channel, JSON.stringify(event)).then(
          () => true,
          () => false,
        );
      }
      // Not sent, or our own subscription is down: this replica's listeners get it directly
      // (the echo, if one comes later, is recognised by its id).
      if (!sent || subscriber.status !== 'ready') deliver(event);
    },
    subscribe: (listener) => listeners.add(listener),
    async close() {
      listeners.clear();
      subscriber.off('ready', subscribeToChannel);
      await subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}
