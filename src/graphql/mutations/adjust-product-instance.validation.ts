import type { WixAdjustInstanceRequest } from '../../wix/wire-types';
import { InputProblems } from '../common/input-problems';
import type { AdjustProductInstanceInput } from './adjust-product-instance.input';
import {
  checkBillingInfo,
  checkGuid,
  checkIdempotencyKey,
  checkOptionalGuid,
  checkOptionalText,
} from './write-arguments.validation';
import { WRITE_INPUT_LIMITS } from './write-input-limits';

/** A validated adjust: the instance and the Adjust body (without the idempotency key). */
export interface AdjustRequest {
  readonly instanceId: string;
  readonly body: Omit<WixAdjustInstanceRequest, 'idempotencyKey'>;
}

/**
 * Validates `adjustProductInstance`'s input before any upstream call (contract: Adjust Product Instance: a catalog product
 * or billing info is required; RECURRING needs a unit).
 * @throws GatewayError `BAD_USER_INPUT` listing every problem
 */
export function toAdjustRequest(input: AdjustProductInstanceInput): AdjustRequest {
  const problems = new InputProblems();
  const instanceId = checkGuid(problems, input.instanceId, 'input.instanceId');
  const body: AdjustRequest['body'] = {};
  const catalogProductId = checkOptionalGuid(
    problems,
    input.catalogProductId,
    'input.catalogProductId',
  );
  if (catalogProductId !== undefined) body.catalogProductId = catalogProductId;
  const billingInfo = checkBillingInfo(problems, input.billingInfo, 'input.billingInfo');
  if (billingInfo !== undefined) body.billingInfo = billingInfo;
  if (catalogProductId === undefined && billingInfo === undefined) {
    problems.add('input', 'must give catalogProductId, billingInfo, or both');
  }
  const discountCode = checkOptionalText(
    problems,
    input.discountCode,
    'input.discountCode',
    WRITE_INPUT_LIMITS.discountCodeMax,
  );
  if (discountCode !== undefined) body.discountCode = discountCode;
  checkIdempotencyKey(problems, input.idempotencyKey, 'input.idempotencyKey');
  problems.throwIfAny();
  return { instanceId, body };
}
