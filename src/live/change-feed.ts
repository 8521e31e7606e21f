/**
 * The process's side of live updates: it listens to the ChangeBus once, drops stale changes
 * (staleness-guard.ts), and hands each admitted change to the subscriptions that may see it,
 * through one bounded queue per subscription (subscriber-queue.ts). Subscriptions are indexed
 * by account, so a change costs work only for the subscribers of its package's account.
 * Isolation is decided here by the package's own `accountId` against the subscriber's visible
 * accounts; the package state itself is resolved later through the subscriber's loaders.
 */
import type { ChangeBus } from './change-bus';
import type { PackageChangeEvent } from './package-change';
import { createStalenessGuard } from './staleness-guard';
import { createSubscriberQueue, type SubscriberQueue } from './subscriber-queue';

/** What one subscription wants. */
export interface ChangeSubscriptionRequest {
  /** The accounts whose packages the subscriber may read (the caller's visible accounts). */
  readonly accountIds: readonly string[];
  /** Only changes of these packages, when given. */
  readonly packageIds?: readonly string[];
  /** Runs once when the subscription ends, with the reason when the server ended it. */
  readonly onEnd?: (error: Error | undefined) => void;
}

/** Sees what the feed does (metrics); must not throw. */
export interface ChangeFeedObserver {
  delivered?(event: PackageChangeEvent): void;
  dropped?(reason: 'stale' | 'slow_consumer'): void;
}

export interface ChangeFeed {
  /** The subscriber's stream of changes; `return()` on it unsubscribes. */
  subscribe(request: ChangeSubscriptionRequest): AsyncIterableIterator<PackageChangeEvent>;
  /** Publishes through the bus (every replica's feed receives it, this one included). */
  publish(event: PackageChangeEvent): Promise<void>;
  /** The accounts with at least one subscription (lower-case), for the watcher. */
  watchedAccounts(): string[];
  /** Number of open subscriptions. */
  subscriptionCount(): number;
  /** Ends every subscription (their streams finish) and stops listening to the bus. */
  close(): void;
}

export interface ChangeFeedOptions {
  readonly bus: ChangeBus;
  /** Undelivered changes a subscriber may fall behind by before it is dropped. */
  readonly queueLimit: number;
  readonly observer?: ChangeFeedObserver;
}

interface Subscriber {
  readonly queue: SubscriberQueue<PackageChangeEvent>;
  readonly packageIds: ReadonlySet<string> | undefined;
}

/** Creates the feed and starts listening to `bus`. */
export function createChangeFeed(options: ChangeFeedOptions): ChangeFeed {
  const { bus, queueLimit, observer } = options;
  const guard = createStalenessGuard();
  const byAccount = new Map<string, Set<Subscriber>>();
  const all = new Set<Subscriber>();

  function deliver(event: PackageChangeEvent): void {
    const subscribers = byAccount.get(event.accountId.toLowerCase());
    if (subscribers === undefined) return;
    if (!guard.admit(event)) {
      observer?.dropped?.('stale');
      return;
    }
    const packageId = event.packageId.toLowerCase();
    for (const subscriber of [...subscribers]) {
      if (subscriber.packageIds !== undefined && !subscriber.packageIds.has(packageId)) continue;
      if (subscriber.queue.push(event)) observer?.delivered?.(event);
    }
  }

  // Changes of accounts nobody watches are still recorded by the guard, so a late resend of
  // an older state is refused after a subscriber arrives.
  const unsubscribeBus = bus.subscribe((event) => {
    if (byAccount.has(event.accountId.toLowerCase())) deliver(event);
    else guard.admit(event);
  });

  function remove(subscriber: Subscriber, accountIds: readonly string[]): void {
    all.delete(subscriber);
    for (const accountId of accountIds) {
      const set = byAccount.get(accountId);
      set?.delete(subscriber);
      if (set?.size === 0) byAccount.delete(accountId);
    }
  }

  return {
    subscribe(request) {
      const accountIds = [...new Set(request.accountIds.map((id) => id.toLowerCase()))];
      let subscriber: Subscriber | undefined;
      const queue = createSubscriberQueue<PackageChangeEvent>(queueLimit, (error) => {
        if (subscriber !== undefined) remove(subscriber, accountIds);
        if (error !== undefined) observer?.dropped?.('slow_consumer');
        request.onEnd?.(error);
      });
      subscriber = {
        queue,
        packageIds:
          request.packageIds === undefined
            ? undefined
            : new Set(request.packageIds.map((id) => id.toLowerCase())),
      };
      all.add(subscriber);
      for (const accountId of accountIds) {
        let set = byAccount.get(accountId);
        if (set === undefined) byAccount.set(accountId, (set = new Set()));
        set.add(subscriber);
      }
      return queue.stream;
    },
    publish: (event) => bus.publish(event),
    watchedAccounts: () => [...byAccount.keys()],
    subscriptionCount: () => all.size,
    close() {
      unsubscribeBus();
      for (const subscriber of [...all]) subscriber.queue.end();
    },
  };
}
