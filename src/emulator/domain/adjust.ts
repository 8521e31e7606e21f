import type { WixPackage, WixProductInstance } from '../../wix/wire-types';
import { toWireTimestamp } from '../clock';
import { preconditionFailed } from '../errors';
import { findCatalogProduct } from '../fixtures/catalog';
import type { AdjustInstanceInput } from '../validation/adjust-request';
import { resolveBilling } from './billing';
import type { OperationContext } from './operation-context';
import { isActiveStatus, withUpdatedInstances } from './package-edit';
import { requireAccessibleInstance } from './ownership';
import { checkProductLimit, requireSellableProduct } from './product-rules';

function missingDetails(description: string, instanceId: string): Error {
  return preconditionFailed('MISSING_PRODUCT_DETAILS', description, { instanceId });
}

/**
 * Adjust Product Instance Specifications (contract: Adjust Product Instance). Order of checks: details present
 * (428 MISSING_PRODUCT_DETAILS), instance accessible (428 PRODUCT_INSTANCE_NOT_FOUND — also for
 * another account's instance, so existence is not revealed), status not CANCELED/FAILED
 * (428 INCOMPATIBLE_PRODUCT_INSTANCE_STATUS), new product sellable and of the same type
 * (404 PRODUCT_NOT_FOUND, 428 INVALID_PRODUCTS / PRODUCT_SETTINGS_NOT_FOUND / INCOMPATIBLE_PRODUCT
 * / PRODUCT_LIMIT_EXCEEDED), billing allowed by the target product (MISSING/INVALID/INCOMPATIBLE
 * _BILLING_CYCLE). `discountCode` is stored only together with a new `catalogProductId`.
 */
export function adjustInstance(
  ctx: OperationContext,
  instanceId: string,
  input: AdjustInstanceInput,
): WixPackage {
  if (input.catalogProductId === undefined && input.billingInfo === undefined) {
    throw missingDetails('either catalogProductId or billingInfo is required', instanceId);
  }
  if (input.billingInfo?.type === 'RECURRING' && !input.billingInfo.cycleDuration?.unit) {
    throw missingDetails('a RECURRING billingInfo needs cycleDuration.unit', instanceId);
  }
  const { pkg, instance } = requireAccessibleInstance(ctx, instanceId, 'precondition');
  if (!isActiveStatus(instance.status)) {
    throw preconditionFailed(
      'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS',
      `product instance ${instanceId} is ${instance.status}`,
      { instanceId, status: instance.status },
    );
  }
  const targetId = input.catalogProductId ?? instance.catalogProductId;
  const data = { instanceId };
  const target = requireSellableProduct(targetId, data);
  const current = findCatalogProduct(instance.catalogProductId);
  if (current && current.type !== target.type) {
    throw preconditionFailed(
      'INCOMPATIBLE_PRODUCT',
      `product ${targetId} (${target.type}) is not of the instance's product type ${current.type}`,
      { ...data, productId: targetId },
    );
  }
  if (targetId !== instance.catalogProductId)
    checkProductLimit(ctx.state, pkg.accountId, target, 1);
  const billingInfo = resolveBilling(target, input.billingInfo, data, instance.billingInfo);

  const now = toWireTimestamp(ctx.state.clock.nowMs());
  const updated = withUpdatedInstances(pkg, now, (candidate): WixProductInstance | undefined => {
    if (candidate.instanceId !== instanceId) return undefined;
    const next: WixProductInstance = { ...candidate, catalogProductId: targetId, billingInfo };
    if (input.catalogProductId !== undefined && input.discountCode !== undefined) {
      next.discountCode = input.discountCode;
    }
    return next;
  });
  ctx.state.putPackage(updated);
  ctx.emit?.({
    slug: 'adjusted_product_instance_specifications',
    pkg: updated,
    productInstanceId: instanceId,
  });
  return updated;
}
