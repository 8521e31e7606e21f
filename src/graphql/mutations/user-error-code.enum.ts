import { registerEnumType } from 'type-graphql';
import { WIX_APPLICATION_ERROR_CODES } from '../../wix/wire-types';

/**
 * The gateway's own codes, after the upstream's: the emulator's idempotency refusal, and the
 * fallbacks for an upstream refusal with a status but no code it documents.
 */
const GATEWAY_USER_ERROR_CODES = [
  'IDEMPOTENCY_KEY_REUSED',
  'NOT_FOUND',
  'INVALID_INPUT',
  'CONFLICT',
  'PRECONDITION_FAILED',
] as const;

/**
 * Machine-readable reasons a mutation was refused for business reasons (returned in
 * `userErrors`): every application code of the upstream (wire-types.ts; contract: reseller error codes) under its own
 * name, then the gateway's own.
 */
export const USER_ERROR_CODES = [...WIX_APPLICATION_ERROR_CODES, ...GATEWAY_USER_ERROR_CODES];
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];
/** The codes as an enum object (`UserErrorCode.NOT_FOUND`), which type-graphql registers. */
export const UserErrorCode = Object.freeze(
  Object.fromEntries(USER_ERROR_CODES.map((code) => [code, code])),
) as { readonly [Code in UserErrorCode]: Code };

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description:
    'Why Wix refused a mutation. Codes marked "emulator only" are not Wix codes: the local ' +
    'emulator invents them for cases Wix does not document.',
  valuesConfig: {
    PRODUCT_NOT_FOUND: { description: 'A catalog product id is not in the catalog.' },
    ACCOUNT_NOT_FOUND: { description: 'The Wix account the gateway acts for does not exist.' },
    SITE_NOT_FOUND: { description: 'The site does not exist or belongs to another account.' },
    PRODUCT_LIMIT_EXCEEDED: { description: 'The per-account limit of a product is reached.' },
    PRODUCT_SETTINGS_NOT_FOUND: { description: 'The product has no Wix-side resale settings.' },
    MISSING_BILLING_CYCLE: {
      description: 'The product is sold with several billing cycles; `billingInfo` is required.',
    },
    INCOMPATIBLE_BILLING_CYCLE: { description: 'The product is not sold with this cycle.' },
    INVALID_BILLING_CYCLE: {
      description: 'The billing cycle is inconsistent and matches no allowed cycle.',
    },
    INVALID_PRODUCTS: { description: 'Some products are not resellable.' },
    MULTIPLE_PRODUCT_ASSIGNMENTS: {
      description: 'The request assigns products that cannot coexist to one site.',
    },
    PRODUCT_TYPE_ALREADY_ASSIGNED: {
      description: 'The site already has a product of this type (one per type per site).',
    },
    PRODUCT_NOT_SUPPORTED_ON_SITE: {
      description: 'The site lacks a prerequisite (e.g. a Premium plan before a domain).',
    },
    PRODUCT_INSTANCE_NOT_FOUND: {
      description:
        'Adjust: the product instance does not exist in this account (also when it exists ' +
        'in another account).',
    },
    INCOMPATIBLE_PRODUCT_INSTANCE_STATUS: {
      description: "The instance's status (e.g. CANCELED) does not allow this change.",
    },
    INCOMPATIBLE_PRODUCT: { description: 'The new product is of another product type.' },
    MISSING_PRODUCT_DETAILS: {
      description: 'Adjust: neither a catalog product nor a complete billing cycle was given.',
    },
    INVALID_REFERENCE_PRODUCT_INSTANCE: {
      description:
        'Emulator only: the reference product instance is unknown, used before, in the wrong ' +
        'status, or cannot be redeemed by this product.',
    },
    IDEMPOTENCY_KEY_REUSED: {
      description:
        'Emulator only: the idempotency key was already used for a different request. Use a ' +
        'new key for a new request.',
    },
    NOT_FOUND: {
      description:
        'The package or product instance does not exist in this account (also when it ' +
        'exists in another account).',
    },
    INVALID_INPUT: {
      description: 'Wix rejected an input value; `field` names it when Wix said which.',
    },
    CONFLICT: { description: 'Wix reported a conflict with the current state.' },
    PRECONDITION_FAILED: {
      description: 'Wix refused the change in the current state for a reason it did not name.',
    },
  },
});
