import type { WixAdjustInstanceRequest } from '../../wix/wire-types';
import { parseBillingInput } from './billing-input';
import { CREATE_LIMITS } from './create-request';
import { optionalString, ViolationCollector } from './field-violations';

/** A validated Adjust body (without `idempotencyKey`). */
export type AdjustInstanceInput = Omit<WixAdjustInstanceRequest, 'idempotencyKey'>;

/**
 * Validates the shape of an Adjust body (contract: Adjust Product Instance). Missing details are a 428
 * MISSING_PRODUCT_DETAILS domain error, not a 400, so they are not checked here.
 * @throws EmulatorApiError 400 validationError
 */
export function parseAdjustRequest(body: Record<string, unknown>): AdjustInstanceInput {
  const violations = new ViolationCollector();
  const catalogProductId = optionalString(body, 'catalogProductId', 'catalogProductId', violations);
  const billingInfo = parseBillingInput(body.billingInfo, 'billingInfo', violations);
  const discountCode = optionalString(
    body,
    'discountCode',
    'discountCode',
    violations,
    CREATE_LIMITS.discountCodeMax,
  );
  violations.throwIfAny();
  const input: AdjustInstanceInput = {};
  if (catalogProductId !== undefined) input.catalogProductId = catalogProductId;
  if (billingInfo !== undefined) input.billingInfo = billingInfo;
  if (discountCode !== undefined) input.discountCode = discountCode;
  return input;
}
