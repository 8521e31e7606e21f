/**
 * Checks for single arguments of the write mutations. Each records its problems in the
 * request's `InputProblems` (so a client hears about all of them at once) and returns the
 * normalised value, or `undefined` when the value is absent or invalid.
 */
import type { WixBillingInfo } from '../../wix/wire-types';
import { isGuid, normalizeGuid } from '../common/guid';
import type { InputProblems } from '../common/input-problems';
import { CycleType } from '../product-instance/cycle-type.enum';
import { IntervalUnit } from '../product-instance/interval-unit.enum';
import type { BillingInfoInput } from './billing-info.input';
import { WRITE_INPUT_LIMITS } from './write-input-limits';

/** A required GUID, lower-cased. */
export function checkGuid(problems: InputProblems, value: string, path: string): string {
  if (!isGuid(value)) problems.add(path, 'is not a GUID');
  return normalizeGuid(value);
}

/** An optional GUID (null means absent), lower-cased. */
export function checkOptionalGuid(
  problems: InputProblems,
  value: string | null | undefined,
  path: string,
): string | undefined {
  return value === null || value === undefined ? undefined : checkGuid(problems, value, path);
}

/** Optional text of 1 to `max` characters (null means absent). */
export function checkOptionalText(
  problems: InputProblems,
  value: string | null | undefined,
  path: string,
  max: number,
): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value.length === 0) problems.add(path, 'must not be empty (omit it instead)');
  else if (value.length > max) problems.add(path, `must be at most ${max} characters`);
  return value;
}

/** A client's idempotency key: 1 to 128 printable characters (null means absent). */
export function checkIdempotencyKey(
  problems: InputProblems,
  value: string | null | undefined,
  path: string,
): string | undefined {
  if (value === null || value === undefined) return undefined;
  const max = WRITE_INPUT_LIMITS.idempotencyKeyMax;
  if (value.length === 0 || value.length > max) {
    problems.add(path, `must be 1 to ${max} characters`);
  } else if (/[\u0000-\u001f\u007f]/.test(value)) {
    problems.add(path, 'must not contain control characters');
  }
  return value;
}

/**
 * Billing terms (contract: billingInfo): RECURRING needs a `cycleDuration` with a unit other than UNKNOWN
 * (contract: Adjust Product Instance). Whether the cycle suits the product is the upstream's call (428 codes).
 */
export function checkBillingInfo(
  problems: InputProblems,
  value: BillingInfoInput | null | undefined,
  path: string,
): WixBillingInfo | undefined {
  if (value === null || value === undefined) return undefined;
  const billing: WixBillingInfo = { type: value.type };
  const duration = value.cycleDuration;
  if (value.type === CycleType.RECURRING) {
    if (!duration) problems.add(`${path}.cycleDuration`, 'is required for RECURRING billing');
    else if (duration.unit === IntervalUnit.UNKNOWN) {
      problems.add(`${path}.cycleDuration.unit`, 'must name a unit for RECURRING billing');
    }
  }
  if (duration) {
    billing.cycleDuration = { unit: duration.unit };
    if (duration.count !== null && duration.count !== undefined) {
      billing.cycleDuration.count = duration.count;
    }
  }
  return billing;
}
