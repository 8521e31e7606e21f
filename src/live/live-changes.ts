/**
 * What a request sees of live updates (`GatewayContext.changes`): publishing a change it made,
 * and subscribing to changes. Built once in src/gateway.ts over the process's change feed and
 * injected into every context, so no module reaches for a global bus.
 */
import { randomUUID } from 'node:crypto';
import type { WixPackage } from '../wix/wire-types';
import type { ChangeFeed, ChangeSubscriptionRequest } from './change-feed';
import type { PackageChangeEvent, PackageChangeKind } from './package-change';

export interface LiveChanges {
  /** Publishes without waiting; a failure to publish is reported, never thrown to the writer. */
  publish(event: PackageChangeEvent): void;
  subscribe(request: ChangeSubscriptionRequest): AsyncIterableIterator<PackageChangeEvent>;
}

/** `LiveChanges` over `feed`; `onPublishError` sees a publish that failed (e.g. a bus outage). */
export function createLiveChanges(
  feed: Pick<ChangeFeed, 'publish' | 'subscribe'>,
  onPublishError: (error: unknown) => void,
): LiveChanges {
  return {
    publish(event) {
      feed.publish(event).catch(onPublishError);
    },
    subscribe: (request) => feed.subscribe(request),
  };
}

/**
 * The change a successful write of the gateway's own made: the package after the write, as the
 * upstream answered it, ordered by its `updatedDate`.
 */
export function ownWriteChange(
  kind: PackageChangeKind,
  pkg: WixPackage,
  productInstanceId?: string,
  now: () => number = Date.now,
): PackageChangeEvent {
  const updatedMs = Date.parse(pkg.updatedDate);
  return {
    eventId: randomUUID(),
    kind,
    occurredAt: new Date(now()).toISOString(),
    accountId: pkg.accountId,
    packageId: pkg.id,
    ...(productInstanceId === undefined ? {} : { productInstanceId }),
    package: pkg,
    ...(Number.isFinite(updatedMs) ? { order: updatedMs } : {}),
    source: 'own-write',
  };
}
