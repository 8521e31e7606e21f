import type { WixBillingInfo } from '../../wix/wire-types';
import { isGuid } from '../ids';
import { parseBillingInput } from './billing-input';
import { isJsonObject, optionalString, ViolationCollector } from './field-violations';
import { isAlpha2CountryCode } from './country-code';

/** Limits from contract: Package object/contract: ProductInstance object/contract: Create Package V2. */
export const CREATE_LIMITS = {
  minProducts: 1,
  maxProducts: 1000,
  externalIdMax: 100,
  discountCodeMax: 25,
} as const;

/** One validated element of `products`. */
export interface CreateProductInput {
  catalogProductId: string;
  countryCode?: string;
  siteId?: string;
  billingInfo?: WixBillingInfo;
  discountCode?: string;
  referenceProductInstanceId?: string;
}

/** A validated Create Package request. */
export interface CreatePackageInput {
  externalId?: string;
  products: CreateProductInput[];
}

/**
 * Validates a (camelCased) Create Package body and reports every violation at once with paths
 * such as `products[0].countryCode`. Read-only fields (`instanceId`, `status`, …) are ignored.
 * @param requireCountry true for V2 (contract: Create Package V2: `products.countryCode` is required), false for V1
 * @throws EmulatorApiError 400 validationError
 */
export function parseCreatePackageRequest(
  body: Record<string, unknown>,
  requireCountry: boolean,
): CreatePackageInput {
  const violations = new ViolationCollector();
  const externalId = optionalString(
    body,
    'externalId',
    'externalId',
    violations,
    CREATE_LIMITS.externalIdMax,
  );
  const products: CreateProductInput[] = [];
  const rawProducts = body.products;
  if (rawProducts === undefined || rawProducts === null) {
    violations.add('products', 'REQUIRED_FIELD', 'is required');
  } else if (!Array.isArray(rawProducts)) {
    violations.add('products', 'TYPE', 'must be an array');
  } else if (rawProducts.length < CREATE_LIMITS.minProducts) {
    violations.add('products', 'MIN', `must contain at least ${CREATE_LIMITS.minProducts} item`);
  } else if (rawProducts.length > CREATE_LIMITS.maxProducts) {
    violations.add('products', 'MAX', `must contain at most ${CREATE_LIMITS.maxProducts} items`);
  } else {
    rawProducts.forEach((raw, index) => {
      const parsed = parseProduct(raw, `products[${index}]`, requireCountry, violations);
      if (parsed) products.push(parsed);
    });
  }
  violations.throwIfAny();
  return externalId === undefined ? { products } : { externalId, products };
}

function parseProduct(
  raw: unknown,
  path: string,
  requireCountry: boolean,
  violations: ViolationCollector,
): CreateProductInput | undefined {
  if (!isJsonObject(raw)) {
    violations.add(path, 'TYPE', 'must be an object');
    return undefined;
  }
  const before = violations.count;
  const catalogProductId = optionalString(
    raw,
    'catalogProductId',
    `${path}.catalogProductId`,
    violations,
  );
  if (raw.catalogProductId === undefined || raw.catalogProductId === null) {
    violations.add(`${path}.catalogProductId`, 'REQUIRED_FIELD', 'is required');
  }
  const countryCode = optionalString(raw, 'countryCode', `${path}.countryCode`, violations);
  if (countryCode === undefined && (raw.countryCode === undefined || raw.countryCode === null)) {
    if (requireCountry) violations.add(`${path}.countryCode`, 'REQUIRED_FIELD', 'is required');
  } else if (countryCode !== undefined && !isAlpha2CountryCode(countryCode)) {
    violations.add(
      `${path}.countryCode`,
      'FORMAT',
      'must be an upper-case ISO-3166-1 alpha-2 country code',
    );
  }
  const siteId = optionalGuid(raw, 'siteId', `${path}.siteId`, violations);
  const referenceProductInstanceId = optionalGuid(
    raw,
    'referenceProductInstanceId',
    `${path}.referenceProductInstanceId`,
    violations,
  );
  const discountCode = optionalString(
    raw,
    'discountCode',
    `${path}.discountCode`,
    violations,
    CREATE_LIMITS.discountCodeMax,
  );
  const billingInfo = parseBillingInput(raw.billingInfo, `${path}.billingInfo`, violations);
  if (violations.count !== before || catalogProductId === undefined) return undefined;
  const product: CreateProductInput = { catalogProductId };
  if (countryCode !== undefined) product.countryCode = countryCode;
  if (siteId !== undefined) product.siteId = siteId;
  if (billingInfo !== undefined) product.billingInfo = billingInfo;
  if (discountCode !== undefined) product.discountCode = discountCode;
  if (referenceProductInstanceId !== undefined) {
    product.referenceProductInstanceId = referenceProductInstanceId;
  }
  return product;
}

/** An optional GUID-valued string field. */
export function optionalGuid(
  source: Record<string, unknown>,
  key: string,
  path: string,
  violations: ViolationCollector,
): string | undefined {
  const value = optionalString(source, key, path, violations);
  if (value !== undefined && !isGuid(value)) {
    violations.add(path, 'FORMAT', 'must be a GUID');
    return undefined;
  }
  return value;
}
