/**
 * Turns a Packages DomainEvent (contract: event catalogue) into the PackageChangeEvent every subscription
 * hears. Dispatch is on `entityFqdn` + `slug` (never `eventType`, whose spelling Wix does not
 * document for this API). The package comes from the event body; its `accountId` decides who
 * may see the change.
 */
import type { PackageChangeEvent, PackageChangeKind } from '../live/package-change';
import type { WixDomainEvent, WixPackage } from '../wix/wire-types';
import { WIX_PACKAGES_ENTITY_FQDN } from '../wix/wire-types';
import { parseJsonObject } from './json-object';

/** contract: event catalogue slug → kind. `deleted` has no kind: no public method deletes a package. */
export const PACKAGE_CHANGE_KIND_BY_SLUG: Readonly<Record<string, PackageChangeKind>> = {
  created: 'CREATED',
  package_canceled: 'CANCELED',
  product_instance_canceled: 'INSTANCE_CANCELED',
  assigned_product_instance_to_site: 'INSTANCE_ASSIGNED',
  unassigned_product_instance_from_site: 'INSTANCE_UNASSIGNED',
  adjusted_product_instance_specifications: 'INSTANCE_ADJUSTED',
  product_instance_updated: 'INSTANCE_UPDATED',
  product_instance_failed: 'INSTANCE_FAILED',
};

export type DomainEventOutcome =
  | { readonly kind: 'change'; readonly change: PackageChangeEvent }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'malformed'; readonly problem: string };

/** The fields a change relies on: ids, the account, the instances and `updatedDate`. */
function isPackage(value: unknown): value is WixPackage {
  if (typeof value !== 'object' || value === null) return false;
  const pkg = value as Record<string, unknown>;
  return (
    typeof pkg.id === 'string' &&
    pkg.id !== '' &&
    typeof pkg.accountId === 'string' &&
    pkg.accountId !== '' &&
    typeof pkg.updatedDate === 'string' &&
    Array.isArray(pkg.productInstances)
  );
}

/**
 * `entityEventSequence` when it is a decimal integer, otherwise the package's `updatedDate` in
 * epoch ms (the staleness order of PackageChangeEvent).
 */
function orderOf(event: WixDomainEvent, pkg: WixPackage): number | undefined {
  const sequence = event.entityEventSequence;
  if (typeof sequence === 'string' && /^\d{1,15}$/.test(sequence)) return Number(sequence);
  const updated = Date.parse(pkg.updatedDate);
  return Number.isFinite(updated) ? updated : undefined;
}

/** Maps one verified DomainEvent; events of other entities, and unknown slugs, are ignored. */
export function changeOfDomainEvent(event: WixDomainEvent): DomainEventOutcome {
  if (event.entityFqdn !== WIX_PACKAGES_ENTITY_FQDN) return { kind: 'ignored' };
  const kind = PACKAGE_CHANGE_KIND_BY_SLUG[event.slug];
  if (kind === undefined) return { kind: 'ignored' };

  let pkg: unknown;
  let productInstanceId: unknown;
  if (kind === 'CREATED') {
    pkg = parseJsonObject(event.createdEvent?.entityAsJson);
  } else {
    const body = parseJsonObject(event.actionEvent?.bodyAsJson);
    pkg = body?.package;
    productInstanceId = body?.productInstanceId;
  }
  if (!isPackage(pkg)) return { kind: 'malformed', problem: `${event.slug} carries no package` };
  const needsInstance = kind.startsWith('INSTANCE_');
  if (needsInstance && (typeof productInstanceId !== 'string' || productInstanceId === '')) {
    return { kind: 'malformed', problem: `${event.slug} carries no productInstanceId` };
  }
  const occurredAt =
    typeof event.eventTime === 'string' && Number.isFinite(Date.parse(event.eventTime))
      ? event.eventTime
      : pkg.updatedDate;
  const order = orderOf(event, pkg);
  return {
    kind: 'change',
    change: {
      eventId: event.id,
      kind,
      occurredAt,
      accountId: pkg.accountId,
      packageId: pkg.id,
      ...(needsInstance && { productInstanceId: productInstanceId as string }),
      package: pkg,
      ...(order !== undefined && { order }),
      source: 'webhook',
    },
  };
}
