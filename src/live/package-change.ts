/**
 * One change to a package, as every source of change (Wix webhooks, the gateway's own writes,
 * the watcher) reports it and as subscriptions receive it. Carries ids and, when the source has
 * it, the package's state after the change in wire form: subscribers resolve `package` through
 * their own account-scoped loaders (primed from this state when it is in their scope), so
 * isolation holds by construction.
 */
import type { WixPackage } from '../wix/wire-types';

export const PACKAGE_CHANGE_KINDS = [
  'CREATED',
  'CANCELED',
  'INSTANCE_CANCELED',
  'INSTANCE_ASSIGNED',
  'INSTANCE_UNASSIGNED',
  'INSTANCE_ADJUSTED',
  'INSTANCE_UPDATED',
  'INSTANCE_FAILED',
] as const;
export type PackageChangeKind = (typeof PACKAGE_CHANGE_KINDS)[number];

/** Where a change was learnt from (for metrics and logs; never changes who may see it). */
export type PackageChangeSource = 'webhook' | 'own-write' | 'watcher';

export interface PackageChangeEvent {
  /** Unique per change: the DomainEvent id for webhooks, generated for the other sources. */
  readonly eventId: string;
  readonly kind: PackageChangeKind;
  /** ISO-8601 UTC: the DomainEvent's eventTime, or when the gateway saw the change. */
  readonly occurredAt: string;
  /** The package's own account: who may see the change (the caller's visible accounts). */
  readonly accountId: string;
  readonly packageId: string;
  /** For the INSTANCE_* kinds: the instance the change is about. */
  readonly productInstanceId?: string;
  /** The package after the change, when the source carries it. */
  readonly package?: WixPackage;
  /**
   * Order of changes to one package: the DomainEvent's entityEventSequence when present,
   * otherwise the package's updatedDate in epoch milliseconds. A change whose order is below one
   * already published for the same package is stale and is never published.
   */
  readonly order?: number;
  readonly source: PackageChangeSource;
  /**
   * The span that published the change, when tracing is on: the own write's operation, the
   * webhook request, the watcher's tick. Each subscriber's event span links to it. Plain ids,
   * so it crosses the Redis bus as it is.
   */
  readonly producerSpan?: ProducerSpan;
}

/** A span context as ids (W3C trace context fields). */
export interface ProducerSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
}
