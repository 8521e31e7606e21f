/**
 * What the gateway shows of an upstream validation violation (contract: errors, the
 * `validationError` envelope): only what it can vouch for. The field, when it is a plain field
 * path; the rule, when it is one the gateway knows; and a description in the gateway's own
 * words for that rule. The upstream's description, rule name and data are never shown: an
 * upstream may write anything there, the request's headers included.
 */
import type { WixFieldViolation } from '../../wix/wire-types';
import { wireFieldPathSegments } from './wire-field-path';

/** Our wording per `violatedRule` the contract names (CUSTOM, MAX, FORMAT; the rest inferred). */
const RULE_MESSAGES = {
  REQUIRED_FIELD: 'Wix requires this value.',
  MAX: 'Wix rejected this value as too long or too large.',
  MAX_LENGTH: 'Wix rejected this value as too long.',
  MIN: 'Wix rejected this value as too short or too small.',
  FORMAT: 'Wix rejected the format of this value.',
  TYPE: 'Wix rejected the type of this value.',
  CUSTOM: 'Wix rejected this value.',
} as const;

/** A `violatedRule` the gateway knows. */
export type KnownViolationRule = keyof typeof RULE_MESSAGES;

const UNKNOWN_RULE_MESSAGE = 'Wix rejected this value.';

/** A violation reduced to what the gateway vouches for. */
export interface VouchedViolation {
  /** Segments of the field path in GraphQL spelling (`["products", "0", "countryCode"]`), or null. */
  readonly segments: string[] | null;
  readonly rule: KnownViolationRule | null;
  /** The gateway's description of the rule. */
  readonly message: string;
}

function knownRule(rule: unknown): KnownViolationRule | null {
  return typeof rule === 'string' && Object.hasOwn(RULE_MESSAGES, rule)
    ? (rule as KnownViolationRule)
    : null;
}

/** Reduces an upstream violation to what the gateway can vouch for. */
export function vouchViolation(violation: WixFieldViolation): VouchedViolation {
  const rule = knownRule(violation.violatedRule);
  return {
    segments: wireFieldPathSegments(String(violation.field)),
    rule,
    message: rule === null ? UNKNOWN_RULE_MESSAGE : RULE_MESSAGES[rule],
  };
}

/** Segments written as a field path again: `products[0].countryCode`. */
export function fieldPathText(segments: readonly string[]): string {
  return segments
    .map((segment, index) =>
      /^\d+$/.test(segment) ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}
