import { registerEnumType } from 'type-graphql';

/**
 * Machine-readable reasons a mutation was refused for business reasons (returned in
 * `userErrors`). The documented Wix codes (contract: reseller error codes) keep their names; the emulator's invented
 * codes are marked; the last four are the gateway's fallbacks when the upstream answers with
 * a status but no code it documents.
 */
export enum UserErrorCode {
  PRODUCT_NOT_FOUND = 'PRODUCT_NOT_FOUND',
  ACCOUNT_NOT_FOUND = 'ACCOUNT_NOT_FOUND',
  SITE_NOT_FOUND = 'SITE_NOT_FOUND',
  PRODUCT_LIMIT_EXCEEDED = 'PRODUCT_LIMIT_EXCEEDED',
  PRODUCT_SETTINGS_NOT_FOUND = 'PRODUCT_SETTINGS_NOT_FOUND',
  MISSING_BILLING_CYCLE = 'MISSING_BILLING_CYCLE',
  INCOMPATIBLE_BILLING_CYCLE = 'INCOMPATIBLE_BILLING_CYCLE',
  INVALID_BILLING_CYCLE = 'INVALID_BILLING_CYCLE',
  INVALID_PRODUCTS = 'INVALID_PRODUCTS',
  MULTIPLE_PRODUCT_ASSIGNMENTS = 'MULTIPLE_PRODUCT_ASSIGNMENTS',
  PRODUCT_TYPE_ALREADY_ASSIGNED = 'PRODUCT_TYPE_ALREADY_ASSIGNED',
  PRODUCT_NOT_SUPPORTED_ON_SITE = 'PRODUCT_NOT_SUPPORTED_ON_SITE',
  PRODUCT_INSTANCE_NOT_FOUND = 'PRODUCT_INSTANCE_NOT_FOUND',
  INCOMPATIBLE_PRODUCT_INSTANCE_STATUS = 'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS',
  INCOMPATIBLE_PRODUCT = 'INCOMPATIBLE_PRODUCT',
  MISSING_PRODUCT_DETAILS = 'MISSING_PRODUCT_DETAILS',
  INVALID_REFERENCE_PRODUCT_INSTANCE = 'INVALID_REFERENCE_PRODUCT_INSTANCE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  NOT_FOUND = 'NOT_FOUND',
  INVALID_INPUT = 'INVALID_INPUT',
  CONFLICT = 'CONFLICT',
  PRECONDITION_FAILED = 'PRECONDITION_FAILED',
}

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
