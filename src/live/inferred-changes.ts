/**
 * What changed between two states of a package, for the watcher: it only sees states, so it
 * names the change the way Wix's events would (contract: event catalogue). One change per changed instance;
 * a package whose non-FAILED instances all became CANCELED at once is CANCELED (the watcher
 * cannot tell Cancel Package from canceling its last instance); changes outside the instances
 * (the external id) are no event at Wix, and none here.
 */
import type { WixBillingInfo, WixPackage, WixProductInstance } from '../wix/wire-types';
import type { PackageChangeKind } from './package-change';

export interface InferredChange {
  readonly kind: PackageChangeKind;
  readonly productInstanceId?: string;
}

function sameBilling(a: WixBillingInfo | undefined, b: WixBillingInfo | undefined): boolean {
  return (
    a?.type === b?.type &&
    a?.cycleDuration?.unit === b?.cycleDuration?.unit &&
    a?.cycleDuration?.count === b?.cycleDuration?.count
  );
}

function instanceChange(
  before: WixProductInstance,
  after: WixProductInstance,
): PackageChangeKind | undefined {
  if (after.status !== before.status) {
    if (after.status === 'FAILED') return 'INSTANCE_FAILED';
    if (after.status === 'CANCELED') return 'INSTANCE_CANCELED';
    return 'INSTANCE_UPDATED';
  }
  if ((after.siteId ?? null) !== (before.siteId ?? null)) {
    return after.siteId === undefined ? 'INSTANCE_UNASSIGNED' : 'INSTANCE_ASSIGNED';
  }
  if (
    after.catalogProductId !== before.catalogProductId ||
    !sameBilling(after.billingInfo ?? after.paymentInfo, before.billingInfo ?? before.paymentInfo)
  ) {
    return 'INSTANCE_ADJUSTED';
  }
  return after.updatedDate !== before.updatedDate ? 'INSTANCE_UPDATED' : undefined;
}

/**
 * The changes from `previous` to `current`. Without a previous state: CREATED when the package
 * was created at or after `sinceMs` (the watcher started looking then), else one INSTANCE_UPDATED
 * without an instance (something changed; the watcher cannot say what).
 */
export function inferChanges(
  previous: WixPackage | undefined,
  current: WixPackage,
  sinceMs: number,
): InferredChange[] {
  if (previous === undefined) {
    const createdMs = Date.parse(current.createdDate);
    return [
      { kind: Number.isFinite(createdMs) && createdMs >= sinceMs ? 'CREATED' : 'INSTANCE_UPDATED' },
    ];
  }
  const before = new Map(
    previous.productInstances.map((instance) => [instance.instanceId.toLowerCase(), instance]),
  );
  const changes: InferredChange[] = [];
  for (const instance of current.productInstances) {
    const earlier = before.get(instance.instanceId.toLowerCase());
    if (earlier === undefined) continue;
    const kind = instanceChange(earlier, instance);
    if (kind !== undefined) changes.push({ kind, productInstanceId: instance.instanceId });
  }
  const allCanceled = current.productInstances.every(
    (instance) => instance.status === 'CANCELED' || instance.status === 'FAILED',
  );
  if (
    allCanceled &&
    changes.length > 0 &&
    changes.every((change) => change.kind === 'INSTANCE_CANCELED')
  ) {
    return [{ kind: 'CANCELED' }];
  }
  return changes;
}
