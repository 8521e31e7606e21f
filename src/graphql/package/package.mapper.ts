/**
 * Pure mapper from a wire package to the GraphQL `Package`. Results are memoised per wire
 * object (a WeakMap keyed by the object the loaders hold), so the many instances of a
 * package that each resolve `package` share one mapped value; nothing outlives the request's
 * wire objects.
 */
import type { WixInstanceStatus, WixPackage } from '../../wix/wire-types';
import { mapProductInstance } from '../product-instance/product-instance.mapper';
import type { PackageInstanceCounts } from './package-instance-counts.type';
import type { Package } from './package.type';

type StatusCounter = Exclude<keyof PackageInstanceCounts, 'total'>;

const STATUS_COUNTER: ReadonlyMap<string, StatusCounter> = new Map<
  WixInstanceStatus,
  StatusCounter
>([
  ['PENDING', 'pending'],
  ['ENABLED', 'enabled'],
  ['CANCELED', 'canceled'],
  ['FAILED', 'failed'],
  ['AWAITING_ACTION', 'awaitingAction'],
]);

/** Counts instances by status (case-insensitive); `total` includes unrecognised statuses. */
export function countInstancesByStatus(statuses: readonly string[]): PackageInstanceCounts {
  const counts: PackageInstanceCounts = {
    total: statuses.length,
    pending: 0,
    enabled: 0,
    canceled: 0,
    failed: 0,
    awaitingAction: 0,
  };
  for (const status of statuses) {
    // The upstream's own (upper-case) spelling needs no case folding.
    const counter = STATUS_COUNTER.get(status) ?? STATUS_COUNTER.get(status.toUpperCase());
    if (counter !== undefined) counts[counter] += 1;
  }
  return counts;
}

const mapped = new WeakMap<WixPackage, Package>();

/** Maps a wire package (and its instances). */
export function mapPackage(wire: WixPackage): Package {
  const known = mapped.get(wire);
  if (known) return known;
  const result: Package = {
    id: wire.id,
    accountId: wire.accountId,
    externalId: wire.externalId ?? null,
    parentAccountId: wire.parentAccountId ?? null,
    productInstances: wire.productInstances.map((instance) =>
      mapProductInstance(instance, wire.id),
    ),
    instanceCounts: countInstancesByStatus(
      wire.productInstances.map((instance) => instance.status),
    ),
    createdDate: wire.createdDate,
    updatedDate: wire.updatedDate,
  };
  mapped.set(wire, result);
  return result;
}
