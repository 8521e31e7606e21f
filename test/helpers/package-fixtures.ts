/**
 * Builders for wire packages to seed into the emulator (`control.seed({ packages })`) with
 * explicit, readable ids, so integration tests can name what they expect back.
 */
import { PRODUCTS } from '../../src/emulator';
import type {
  WixBillingInfo,
  WixFailureReason,
  WixInstanceStatus,
  WixPackage,
  WixProductInstance,
} from '../../src/wix/wire-types';

/** Kinds of fixture id; each has its own first group so ids never collide across kinds. */
const ID_PREFIX = {
  package: 'c0000000',
  instance: 'd0000000',
  site: 'e0000000',
} as const;

/** A fixed lower-case GUID for fixture number `n` (0 ≤ n < 10^12) of one kind. */
export function fixtureGuid(kind: keyof typeof ID_PREFIX, n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1e12) throw new Error(`bad fixture number ${n}`);
  return `${ID_PREFIX[kind]}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** Package GUID number `n`. */
export const packageId = (n: number): string => fixtureGuid('package', n);
/** Product-instance GUID number `n`. */
export const instanceId = (n: number): string => fixtureGuid('instance', n);

/** A GUID no fixture uses (for "absent" lookups). */
export const ABSENT_ID = 'f0000000-0000-4000-8000-000000000000';

/** Base instant of fixture timestamps; `at(minutes)` counts from it. */
const BASE_MS = Date.parse('2024-03-01T09:00:00.000Z');

/** Fixture timestamp `minutes` after the base instant, in wire format (ms, `Z`). */
export function at(minutes: number, extraMs = 0): string {
  return new Date(BASE_MS + minutes * 60_000 + extraMs).toISOString();
}

export interface InstanceSpec {
  /** Instance number (see `instanceId`), or an explicit GUID. */
  readonly id: number | string;
  readonly status?: WixInstanceStatus;
  readonly catalogProductId?: string;
  readonly siteId?: string;
  readonly failure?: WixFailureReason;
  readonly billingInfo?: WixBillingInfo;
  readonly countryCode?: string;
  readonly discountCode?: string;
  readonly expirationDate?: string;
  readonly referenceProductInstanceId?: string;
  readonly createdDate?: string;
  readonly updatedDate?: string;
}

export interface PackageSpec {
  /** Package number (see `packageId`), or an explicit GUID. */
  readonly id: number | string;
  readonly accountId: string;
  /** Minutes after the base instant (default: the package number, or 0). */
  readonly createdAt?: number;
  /** Minutes after the base instant (default: `createdAt`). */
  readonly updatedAt?: number;
  /** Exact wire timestamps, overriding `createdAt` / `updatedAt`. */
  readonly createdDate?: string;
  readonly updatedDate?: string;
  readonly externalId?: string;
  readonly parentAccountId?: string;
  /** Default: one ENABLED premiumCore instance numbered like the package. */
  readonly instances?: readonly InstanceSpec[];
}

function resolveId(kind: 'package' | 'instance', id: number | string): string {
  return typeof id === 'number' ? fixtureGuid(kind, id) : id;
}

/** A wire product instance; unset optional fields are omitted, as on the wire. */
export function anInstance(spec: InstanceSpec, packageCreatedDate: string): WixProductInstance {
  const status = spec.status ?? 'ENABLED';
  const instance: WixProductInstance = {
    instanceId: resolveId('instance', spec.id),
    catalogProductId: spec.catalogProductId ?? PRODUCTS.premiumCore,
    status,
    createdDate: spec.createdDate ?? packageCreatedDate,
    updatedDate: spec.updatedDate ?? spec.createdDate ?? packageCreatedDate,
  };
  if (spec.siteId !== undefined) instance.siteId = spec.siteId;
  if (status === 'FAILED') instance.failure = spec.failure ?? { code: 'UNKNOWN' };
  if (spec.billingInfo !== undefined) instance.billingInfo = spec.billingInfo;
  if (spec.countryCode !== undefined) instance.countryCode = spec.countryCode;
  if (spec.discountCode !== undefined) instance.discountCode = spec.discountCode;
  if (spec.expirationDate !== undefined) instance.expirationDate = spec.expirationDate;
  if (spec.referenceProductInstanceId !== undefined) {
    instance.referenceProductInstanceId = spec.referenceProductInstanceId;
  }
  return instance;
}

/** A wire package built from `spec`, ready for `control.seed({ packages: [...] })`. */
export function aPackage(spec: PackageSpec): WixPackage {
  const createdAt = spec.createdAt ?? (typeof spec.id === 'number' ? spec.id : 0);
  const createdDate = spec.createdDate ?? at(createdAt);
  if (spec.instances === undefined && typeof spec.id !== 'number') {
    throw new Error('a package with an explicit GUID needs explicit instances');
  }
  const instances = spec.instances ?? [{ id: spec.id as number }];
  const pkg: WixPackage = {
    id: resolveId('package', spec.id),
    accountId: spec.accountId,
    productInstances: instances.map((instance) => anInstance(instance, createdDate)),
    createdDate,
    updatedDate:
      spec.updatedDate ?? (spec.updatedAt === undefined ? createdDate : at(spec.updatedAt)),
  };
  if (spec.externalId !== undefined) pkg.externalId = spec.externalId;
  if (spec.parentAccountId !== undefined) pkg.parentAccountId = spec.parentAccountId;
  return pkg;
}

/** Ids of `packages`, in order. */
export function idsOf(packages: readonly WixPackage[]): string[] {
  return packages.map((pkg) => pkg.id);
}

/** The fixture number of a package id made by `packageId` (NaN for any other id). */
export function packageNumber(id: string): number {
  return id.startsWith(`${ID_PREFIX.package}-`) ? Number(id.slice(-12)) : Number.NaN;
}
