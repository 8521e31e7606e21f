/**
 * Pure mappers from wire product instances (src/wix/wire-types.ts) to GraphQL objects.
 * Unset optional wire fields become null; enum values are matched case-insensitively
 * (§7: the official example filters with "Enabled"), and unknown values of the enums that
 * have an UNKNOWN member fall back to it.
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

/** The enum member whose value equals `value` ignoring case, if any. */
function enumMember<T extends string>(
  members: Record<string, T>,
  value: string | undefined,
): T | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  return Object.values(members).find((member) => member === upper);
}

function mapOptionalEnum<T extends string>(
  members: Record<string, T>,
  value: string | undefined,
  unknown: T,
): T | null {
  return value === undefined ? null : (enumMember(members, value) ?? unknown);
}

/** Maps a wire status; an unrecognised value is passed on so GraphQL reports the drift. */
function mapStatus(value: string): ProductInstanceStatus {
  return enumMember(ProductInstanceStatus, value) ?? (value as ProductInstanceStatus);
}

function mapCycleDuration(wire: WixCycleInterval): CycleDuration {
  return {
    unit: mapOptionalEnum(IntervalUnit, wire.unit, IntervalUnit.UNKNOWN),
    count: wire.count ?? null,
  };
}

/** Maps `billingInfo` (§4.3). */
export function mapBillingInfo(wire: WixBillingInfo): BillingInfo {
  return {
    type: mapOptionalEnum(CycleType, wire.type, CycleType.UNKNOWN),
    cycleDuration: wire.cycleDuration ? mapCycleDuration(wire.cycleDuration) : null,
  };
}

/** Maps `failure` (§4.5). */
export function mapFailureReason(wire: WixFailureReason): FailureReason {
  return {
    code: mapOptionalEnum(FailureCode, wire.code, FailureCode.UNKNOWN),
    message: wire.message ?? null,
  };
}

/**
 * Maps one product instance of package `packageId`. The API object already reads a
 * `paymentInfo` spelling as `billingInfo` (§11.3); the fallback here only covers wire
 * objects that did not pass through it.
 */
export function mapProductInstance(wire: WixProductInstance, packageId: string): ProductInstance {
  const billingInfo = wire.billingInfo ?? wire.paymentInfo;
  return {
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
  };
}
