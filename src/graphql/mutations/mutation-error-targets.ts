/**
 * Where each mutation's business refusals point: one `UserErrorTarget` per mutation, named
 * after its arguments (see the resolvers).
 */
import { UserErrorCode as Code } from './user-error-code.enum';
import type { UserErrorTarget } from './user-error-target';

type FieldsByCode = Partial<Record<Code, readonly string[]>>;

/** The field of a product in `createPackage` each product-level code concerns. */
const PRODUCT_FIELD_BY_CODE: Partial<Record<Code, string>> = {
  [Code.PRODUCT_NOT_FOUND]: 'catalogProductId',
  [Code.INVALID_PRODUCTS]: 'catalogProductId',
  [Code.PRODUCT_SETTINGS_NOT_FOUND]: 'catalogProductId',
  [Code.PRODUCT_LIMIT_EXCEEDED]: 'catalogProductId',
  [Code.MISSING_BILLING_CYCLE]: 'billingInfo',
  [Code.INCOMPATIBLE_BILLING_CYCLE]: 'billingInfo',
  [Code.INVALID_BILLING_CYCLE]: 'billingInfo',
  [Code.SITE_NOT_FOUND]: 'siteId',
  [Code.PRODUCT_TYPE_ALREADY_ASSIGNED]: 'siteId',
  [Code.PRODUCT_NOT_SUPPORTED_ON_SITE]: 'siteId',
  [Code.INVALID_REFERENCE_PRODUCT_INSTANCE]: 'referenceProductInstanceId',
};

/**
 * `createPackage(input)`. Wix does not say which product failed, so with several products a
 * product-level code points at `["input", "products"]`; with one it names the exact field.
 */
export function createPackageTarget(productCount: number): UserErrorTarget {
  const fields: FieldsByCode = {
    [Code.MULTIPLE_PRODUCT_ASSIGNMENTS]: ['input', 'products'],
    [Code.IDEMPOTENCY_KEY_REUSED]: ['input', 'idempotencyKey'],
  };
  for (const [code, field] of Object.entries(PRODUCT_FIELD_BY_CODE)) {
    fields[code as Code] =
      productCount === 1 ? ['input', 'products', '0', field] : ['input', 'products'];
  }
  return { entity: 'package', bodyRoot: ['input'], fields };
}

/** `cancelPackage(id, idempotencyKey)`. */
export const CANCEL_PACKAGE_TARGET: UserErrorTarget = {
  entity: 'package',
  bodyRoot: [],
  fields: {
    [Code.NOT_FOUND]: ['id'],
    [Code.INCOMPATIBLE_PRODUCT_INSTANCE_STATUS]: ['id'],
    [Code.IDEMPOTENCY_KEY_REUSED]: ['idempotencyKey'],
  },
};

/** `updatePackageExternalId(packageId, externalId)`. */
export const UPDATE_EXTERNAL_ID_TARGET: UserErrorTarget = {
  entity: 'package',
  bodyRoot: [],
  fields: { [Code.NOT_FOUND]: ['packageId'] },
};

const INSTANCE_FIELDS: FieldsByCode = {
  [Code.NOT_FOUND]: ['instanceId'],
  [Code.PRODUCT_INSTANCE_NOT_FOUND]: ['instanceId'],
  [Code.INCOMPATIBLE_PRODUCT_INSTANCE_STATUS]: ['instanceId'],
  [Code.IDEMPOTENCY_KEY_REUSED]: ['idempotencyKey'],
};

/** `cancelProductInstance` and `unassignProductInstance` (`instanceId, idempotencyKey`). */
export const INSTANCE_TARGET: UserErrorTarget = {
  entity: 'product instance',
  bodyRoot: [],
  fields: INSTANCE_FIELDS,
};

/** `assignProductInstance` / `reassignProductInstance` (`instanceId, siteId, idempotencyKey`). */
export const ASSIGN_TARGET: UserErrorTarget = {
  entity: 'product instance',
  bodyRoot: [],
  fields: {
    ...INSTANCE_FIELDS,
    [Code.SITE_NOT_FOUND]: ['siteId'],
    [Code.PRODUCT_TYPE_ALREADY_ASSIGNED]: ['siteId'],
    [Code.PRODUCT_NOT_SUPPORTED_ON_SITE]: ['siteId'],
  },
};

const CATALOG_PRODUCT = ['input', 'catalogProductId'];
const BILLING_INFO = ['input', 'billingInfo'];
const INSTANCE_ID = ['input', 'instanceId'];

/** `adjustProductInstance(input)`. */
export const ADJUST_TARGET: UserErrorTarget = {
  entity: 'product instance',
  bodyRoot: ['input'],
  fields: {
    [Code.NOT_FOUND]: INSTANCE_ID,
    [Code.PRODUCT_INSTANCE_NOT_FOUND]: INSTANCE_ID,
    [Code.INCOMPATIBLE_PRODUCT_INSTANCE_STATUS]: INSTANCE_ID,
    [Code.PRODUCT_NOT_FOUND]: CATALOG_PRODUCT,
    [Code.INVALID_PRODUCTS]: CATALOG_PRODUCT,
    [Code.PRODUCT_SETTINGS_NOT_FOUND]: CATALOG_PRODUCT,
    [Code.PRODUCT_LIMIT_EXCEEDED]: CATALOG_PRODUCT,
    [Code.INCOMPATIBLE_PRODUCT]: CATALOG_PRODUCT,
    [Code.MISSING_BILLING_CYCLE]: BILLING_INFO,
    [Code.INCOMPATIBLE_BILLING_CYCLE]: BILLING_INFO,
    [Code.INVALID_BILLING_CYCLE]: BILLING_INFO,
    [Code.MISSING_PRODUCT_DETAILS]: ['input'],
    [Code.IDEMPOTENCY_KEY_REUSED]: ['input', 'idempotencyKey'],
  },
};
