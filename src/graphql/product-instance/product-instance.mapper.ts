/**
 * Pure mappers from wire product instances (src/wix/wire-types.ts) to GraphQL objects.
 * Unset optional wire fields become null; enum values are matched case-insensitively
 * (contract: query language: the official example filters with "Enabled"), and unknown values
 * fall back to each enum's UNKNOWN member.
 */
import type {
  WixBillingInfo,
  WixCycleInterval,
  WixFailureReason,
  WixProductInstance,
} from '../../wix/wire-types';
import type { BillingInfo } from './billing-info.type';
import type { CycleDuration } from './cycle-duration.type';
import { CycleType } from './cycle-type.enum';
import { FailureCode } from './failure-code.enum';
import type { FailureReason } from './failure-reason.type';
import { IntervalUnit } from './interval-unit.enum';
import { ProductInstanceStatus } from './product-instance-status.enum';
import type { ProductInstance } from './product-instance.type';
import { isUpstreamTimestamp } from '../common/date-time.scalar';
import {
  LEAVES_VERIFIED,
  markLeavesVerified,
  type MayHaveVerifiedLeaves,
} from '../pipeline/projection/verified-leaves';

/**
 * The `DateTime` fields of `ProductInstance`, checked once here
 * (pipeline/projection/verified-leaves.ts).
 */
export const PRODUCT_INSTANCE_DATE_TIME_FIELDS = [
  'expirationDate',
  'createdDate',
  'updatedDate',
] as const;

/**
 * Returns a lookup of the member of `members` whose value equals a wire value ignoring case.
 * Built once per enum: the exact (upper-case) spelling the upstream sends is one map read.
 */
function enumLookup<T extends string>(
  members: Record<string, T>,
): (value: string) => T | undefined {
  const byValue = new Map<string, T>(Object.values(members).map((member) => [member, member]));
  return (value) => byValue.get(value) ?? byValue.get(value.toUpperCase());
}

const statusMember = enumLookup(ProductInstanceStatus);
const intervalUnitMember = enumLookup(IntervalUnit);
const cycleTypeMember = enumLookup(CycleType);
const failureCodeMember = enumLookup(FailureCode);

function mapOptionalEnum<T extends string>(
  member: (value: string) => T | undefined,
  value: string | undefined,
  unknown: T,
): T | null {
  return value === undefined ? null : (member(value) ?? unknown);
}

/**
 * Maps a wire status; one Wix adds later becomes `UNKNOWN`, as the other enums' unknown values
 * do. Passed on, it failed the non-null `status` field, and with it the whole package in every
 * answer that held it.
 */
function mapStatus(value: string): ProductInstanceStatus {
  return statusMember(value) ?? ProductInstanceStatus.UNKNOWN;
}

function mapCycleDuration(wire: WixCycleInterval): CycleDuration {
  return {
    unit: mapOptionalEnum(intervalUnitMember, wire.unit, IntervalUnit.UNKNOWN),
    count: wire.count ?? null,
  };
}

/** Maps `billingInfo` (contract: billingInfo). */
export function mapBillingInfo(wire: WixBillingInfo): BillingInfo {
  return {
    type: mapOptionalEnum(cycleTypeMember, wire.type, CycleType.UNKNOWN),
    cycleDuration: wire.cycleDuration ? mapCycleDuration(wire.cycleDuration) : null,
  };
}

/** Maps `failure` (contract: failure). */
export function mapFailureReason(wire: WixFailureReason): FailureReason {
  return {
    code: mapOptionalEnum(failureCodeMember, wire.code, FailureCode.UNKNOWN),
    message: wire.message ?? null,
  };
}

/**
 * Maps one product instance of package `packageId`. The API object already reads a
 * `paymentInfo` spelling as `billingInfo` (contract: documented conflict 3); the fallback here only covers wire
 * objects that did not pass through it.
 */
export function mapProductInstance(wire: WixProductInstance, packageId: string): ProductInstance {
  const billingInfo = wire.billingInfo ?? wire.paymentInfo;
  const instance: ProductInstance & MayHaveVerifiedLeaves = {
    id: wire.instanceId,
    instanceId: wire.instanceId,
    siteId: wire.siteId ?? null,
    isFloating: wire.siteId === undefined || wire.siteId === '',
    catalogProductId: wire.catalogProductId,
    status: mapStatus(wire.status),
    failure: wire.failure ? mapFailureReason(wire.failure) : null,
    billingInfo: billingInfo ? mapBillingInfo(billingInfo) : null,
    countryCode: wire.countryCode ?? null,
    discountCode: wire.discountCode ?? null,
    expirationDate: wire.expirationDate ?? null,
    referenceProductInstanceId: wire.referenceProductInstanceId ?? null,
    createdDate: wire.createdDate,
    updatedDate: wire.updatedDate,
    packageId,
    // Declared here so that the mark below fills a field the object already has.
    [LEAVES_VERIFIED]: undefined,
  };
  return markLeavesVerified(instance, isUpstreamTimestamp, PRODUCT_INSTANCE_DATE_TIME_FIELDS);
}
