import { registerEnumType } from 'type-graphql';
import { PACKAGE_CHANGE_KINDS, type PackageChangeKind } from '../../live/package-change';

/** The kinds of `PackageChange`: exactly the change feed's kinds (src/live/package-change.ts). */
export const PackageChangeKindEnum = Object.freeze(
  Object.fromEntries(PACKAGE_CHANGE_KINDS.map((kind) => [kind, kind])),
) as { readonly [K in PackageChangeKind]: K };

const DESCRIPTIONS: Readonly<Record<PackageChangeKind, string>> = {
  CREATED: 'The package was created (its instances start PENDING).',
  CANCELED: 'The package was canceled: every instance that was not FAILED is now CANCELED.',
  INSTANCE_CANCELED: 'One product instance was canceled.',
  INSTANCE_ASSIGNED: 'One product instance was assigned (or reassigned) to a site.',
  INSTANCE_UNASSIGNED: 'One product instance was removed from its site (it is floating).',
  INSTANCE_ADJUSTED: 'One product instance changed product and/or billing cycle.',
  INSTANCE_UPDATED:
    'A product instance changed otherwise, e.g. provisioning moved it from PENDING to ENABLED ' +
    'or AWAITING_ACTION; `productInstanceId` is null when the source could not tell which.',
  INSTANCE_FAILED: 'Provisioning of one product instance failed (it is FAILED; see `failure`).',
};

registerEnumType(PackageChangeKindEnum, {
  name: 'PackageChangeKind',
  description: 'What happened to a package (the names of the Wix events it corresponds to).',
  valuesConfig: Object.fromEntries(
    PACKAGE_CHANGE_KINDS.map((kind) => [kind, { description: DESCRIPTIONS[kind] }]),
  ),
});
