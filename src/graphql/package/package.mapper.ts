/**
 * Pure mapper from a wire package to the GraphQL `Package`. Results are memoised on the wire
 * object itself (see `MAPPED`), so the many instances of a package that each resolve
 * `package`, and every request that joined one coalesced read, share one mapped value;
 * nothing outlives the wire object.
 */
import type { WixInstanceStatus, WixPackage } from '../../wix/wire-types';
import { mapProductInstance } from '../product-instance/product-instance.mapper';
import type { PackageInstanceCounts } from './package-instance-counts.type';
import type { Package } from './package.type';
import { isUpstreamTimestamp } from '../common/date-time.scalar';
import {
  LEAVES_VERIFIED,
  markLeavesVerified,
  type MayHaveVerifiedLeaves,
} from '../pipeline/projection/verified-leaves';

/** The `DateTime` fields of `Package`, checked once here (pipeline/projection/verified-leaves.ts). */
export const PACKAGE_DATE_TIME_FIELDS = ['createdDate', 'updatedDate'] as const;

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

/**
 * The mapped value, kept on the wire object under a symbol: non-enumerable, so no copy,
 * spread or JSON of the wire object sees it. Not a module-level WeakMap: with one, an entry
 * whose package was in use at one young-generation collection (a request in flight) was still
 * alive at the next, dead or not, and was promoted into the old generation. Under the bench's
 * `page100` load that was about 0.4 MB per scavenge, scavenges about twice as long (ten times
 * at one connection) and a full collection about every second (README, Performance).
 */
const MAPPED: unique symbol = Symbol('mapped package');

type MemoisingWire = WixPackage & { [MAPPED]?: Package };

/** Maps a wire package (and its instances). */
export function mapPackage(wire: WixPackage): Package {
  const known = (wire as MemoisingWire)[MAPPED];
  if (known !== undefined) return known;
  const result: Package & MayHaveVerifiedLeaves = {
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
    // Declared here so that the mark below fills a field the object already has.
    [LEAVES_VERIFIED]: undefined,
  };
  markLeavesVerified(result, isUpstreamTimestamp, PACKAGE_DATE_TIME_FIELDS);
  // A frozen wire object (none is today) is mapped again on each call rather than refused.
  if (Object.isExtensible(wire)) {
    Object.defineProperty(wire, MAPPED, { value: result, writable: false, enumerable: false });
  }
  return result;
}
