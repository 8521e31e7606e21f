import type { WixBillingInfo, WixCycleType, WixIntervalUnit } from '../../wix/wire-types';
import { WIX_CYCLE_TYPES, WIX_INTERVAL_UNITS } from '../../wix/wire-types';
import { isJsonObject } from './field-violations';
import type { ViolationCollector } from './field-violations';

/**
 * Parses a `billingInfo` object's shape (types and enum spelling). Semantic consistency
 * (e.g. RECURRING without a unit) is a domain rule, not checked here.
 * @returns the billing info, or undefined when absent or malformed (violations recorded)
 */
export function parseBillingInput(
  value: unknown,
  path: string,
  violations: ViolationCollector,
): WixBillingInfo | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) {
    violations.add(path, 'TYPE', 'must be an object');
    return undefined;
  }
  const before = violations.count;
  const billing: WixBillingInfo = {};
  if (value.type !== undefined && value.type !== null) {
    if (!WIX_CYCLE_TYPES.includes(value.type as WixCycleType)) {
      violations.add(`${path}.type`, 'FORMAT', `must be one of ${WIX_CYCLE_TYPES.join(', ')}`);
    } else {
      billing.type = value.type as WixCycleType;
    }
  }
  const duration = value.cycleDuration;
  if (duration !== undefined && duration !== null) {
    if (!isJsonObject(duration)) {
      violations.add(`${path}.cycleDuration`, 'TYPE', 'must be an object');
    } else {
      billing.cycleDuration = {};
      const { unit, count } = duration;
      if (unit !== undefined && unit !== null) {
        if (!WIX_INTERVAL_UNITS.includes(unit as WixIntervalUnit)) {
          violations.add(
            `${path}.cycleDuration.unit`,
            'FORMAT',
            `must be one of ${WIX_INTERVAL_UNITS.join(', ')}`,
          );
        } else {
          billing.cycleDuration.unit = unit as WixIntervalUnit;
        }
      }
      if (count !== undefined && count !== null) {
        if (typeof count !== 'number' || !Number.isInteger(count)) {
          violations.add(`${path}.cycleDuration.count`, 'TYPE', 'must be an integer');
        } else {
          billing.cycleDuration.count = count;
        }
      }
    }
  }
  return violations.count === before ? billing : undefined;
}
