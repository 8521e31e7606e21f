import type { WixDomainEvent, WixPackageActionBody } from '../../wix/wire-types';
import { WIX_PACKAGES_ENTITY_FQDN } from '../../wix/wire-types';
import type { PackageEventInput } from './package-event';

/**
 * The DomainEvent (contract: event envelope) of one change. `entityId` is the package id for every slug (the
 * Wix's "ID associated with this event"); `eventTime` is the package's `updatedDate` after the
 * change, and `entityEventSequence` the same instant in epoch milliseconds: the emulator's clock
 * is strictly increasing and survives restarts with a data file, so the sequence increases per
 * package without state of its own. `*AsJson` bodies are JSON strings, as on the wire.
 */
export function buildDomainEvent(input: PackageEventInput, id: string): WixDomainEvent {
  const { pkg } = input;
  const base = {
    id,
    entityFqdn: WIX_PACKAGES_ENTITY_FQDN,
    slug: input.slug,
    entityId: pkg.id,
    eventTime: pkg.updatedDate,
    triggeredByAnonymizeRequest: false,
    entityEventSequence: String(Date.parse(pkg.updatedDate)),
  };
  if (input.slug === 'created') {
    return { ...base, createdEvent: { entityAsJson: JSON.stringify(pkg) } };
  }
  const body: WixPackageActionBody = { package: pkg };
  if (input.slug !== 'package_canceled') body.productInstanceId = input.productInstanceId;
  if (input.slug === 'assigned_product_instance_to_site') body.siteId = input.siteId;
  if (input.slug === 'unassigned_product_instance_from_site') body.metaSiteId = input.metaSiteId;
  if (input.slug === 'product_instance_failed') body.reason = input.reason;
  return { ...base, actionEvent: { bodyAsJson: JSON.stringify(body) } };
}
