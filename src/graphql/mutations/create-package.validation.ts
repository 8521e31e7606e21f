import type { WixCreatePackageRequest, WixProductInput } from '../../wix/wire-types';
import { InputProblems } from '../common/input-problems';
import { normalizeCountryCode } from './country-code';
import type { CreatePackageInput, PackageProductInput } from './create-package.input';
import {
  checkBillingInfo,
  checkGuid,
  checkIdempotencyKey,
  checkOptionalGuid,
  checkOptionalText,
} from './write-arguments.validation';
import { WRITE_INPUT_LIMITS } from './write-input-limits';

function toProduct(
  problems: InputProblems,
  input: PackageProductInput,
  path: string,
): WixProductInput {
  const countryCode = normalizeCountryCode(input.countryCode);
  if (countryCode === undefined) {
    problems.add(`${path}.countryCode`, 'is not an ISO 3166-1 alpha-2 country code');
  }
  const product: WixProductInput = {
    catalogProductId: checkGuid(problems, input.catalogProductId, `${path}.catalogProductId`),
    countryCode: countryCode ?? input.countryCode,
  };
  const siteId = checkOptionalGuid(problems, input.siteId, `${path}.siteId`);
  if (siteId !== undefined) product.siteId = siteId;
  const billingInfo = checkBillingInfo(problems, input.billingInfo, `${path}.billingInfo`);
  if (billingInfo !== undefined) product.billingInfo = billingInfo;
  const discountCode = checkOptionalText(
    problems,
    input.discountCode,
    `${path}.discountCode`,
    WRITE_INPUT_LIMITS.discountCodeMax,
  );
  if (discountCode !== undefined) product.discountCode = discountCode;
  const reference = checkOptionalGuid(
    problems,
    input.referenceProductInstanceId,
    `${path}.referenceProductInstanceId`,
  );
  if (reference !== undefined) product.referenceProductInstanceId = reference;
  return product;
}

/**
 * Validates `createPackage`'s input before any upstream call and builds the Create Package V2
 * body (without the idempotency key). GUIDs are lower-cased, country codes upper-cased.
 * @throws GatewayError `BAD_USER_INPUT` listing every problem, with paths like
 *   `input.products[0].countryCode`
 */
export function toCreatePackageRequest(input: CreatePackageInput): WixCreatePackageRequest {
  const problems = new InputProblems();
  const { minProducts, maxProducts } = WRITE_INPUT_LIMITS;
  if (input.products.length < minProducts || input.products.length > maxProducts) {
    problems.add('input.products', `must hold ${minProducts} to ${maxProducts} products`);
  }
  const products = input.products
    .slice(0, maxProducts)
    .map((product, index) => toProduct(problems, product, `input.products[${index}]`));
  const externalId = checkOptionalText(
    problems,
    input.externalId,
    'input.externalId',
    WRITE_INPUT_LIMITS.externalIdMax,
  );
  checkIdempotencyKey(problems, input.idempotencyKey, 'input.idempotencyKey');
  problems.throwIfAny();
  return externalId === undefined ? { products } : { externalId, products };
}
