import type { WixBillingInfo } from '../../wix/wire-types';
import { preconditionFailed } from '../errors';
import type { CatalogProduct } from '../fixtures/catalog';

/**
 * Emulator rule for the two similar documented codes:
 * - `INVALID_BILLING_CYCLE`: the billing info is inconsistent in itself (type `UNKNOWN`,
 *   `RECURRING` without a usable `cycleDuration`, unit `UNKNOWN`, count < 1, or `ONE_TIME`
 *   with a `cycleDuration`), so it cannot match any cycle at all;
 * - `INCOMPATIBLE_BILLING_CYCLE`: well-formed, but not one of the product's cycles.
 * A missing `cycleDuration.count` means 1.
 */
export function billingProblem(billing: WixBillingInfo): string | undefined {
  if (billing.type === undefined || billing.type === 'UNKNOWN') return 'billing type is not set';
  if (billing.type === 'ONE_TIME') {
    return billing.cycleDuration ? 'a ONE_TIME cycle cannot have a cycleDuration' : undefined;
  }
  const duration = billing.cycleDuration;
  if (!duration || duration.unit === undefined || duration.unit === 'UNKNOWN') {
    return 'a RECURRING cycle needs cycleDuration.unit';
  }
  if (duration.count !== undefined && duration.count < 1) {
    return 'cycleDuration.count must be at least 1';
  }
  return undefined;
}

/** Canonical form: `count` filled in (default 1), nothing else. */
export function normalizeBilling(billing: WixBillingInfo): WixBillingInfo {
  if (billing.type !== 'RECURRING') return { type: billing.type };
  return {
    type: 'RECURRING',
    cycleDuration: { unit: billing.cycleDuration?.unit, count: billing.cycleDuration?.count ?? 1 },
  };
}

/** True when two billing infos describe the same cycle. */
export function sameCycle(a: WixBillingInfo, b: WixBillingInfo): boolean {
  const left = normalizeBilling(a);
  const right = normalizeBilling(b);
  return (
    left.type === right.type &&
    left.cycleDuration?.unit === right.cycleDuration?.unit &&
    left.cycleDuration?.count === right.cycleDuration?.count
  );
}

/**
 * The cycle an instance of `product` gets (contract: Create Package V2 billing rules).
 * @param requested the caller's `billingInfo`, if any
 * @param fallback a cycle to keep when none is requested (Adjust keeps the current cycle if the
 *   new product allows it)
 * @throws EmulatorApiError 428 MISSING_BILLING_CYCLE / INVALID_BILLING_CYCLE / INCOMPATIBLE_BILLING_CYCLE
 */
export function resolveBilling(
  product: CatalogProduct,
  requested: WixBillingInfo | undefined,
  data: Record<string, unknown>,
  fallback?: WixBillingInfo,
): WixBillingInfo {
  if (requested === undefined) {
    if (fallback && product.cycles.some((cycle) => sameCycle(cycle, fallback))) {
      return normalizeBilling(fallback);
    }
    if (product.cycles.length === 1) return normalizeBilling(product.cycles[0] as WixBillingInfo);
    throw preconditionFailed(
      'MISSING_BILLING_CYCLE',
      `product ${product.id} supports several billing cycles; billingInfo is required`,
      { ...data, productId: product.id },
    );
  }
  const problem = billingProblem(requested);
  if (problem) {
    throw preconditionFailed('INVALID_BILLING_CYCLE', `invalid billing cycle: ${problem}`, {
      ...data,
      productId: product.id,
    });
  }
  if (!product.cycles.some((cycle) => sameCycle(cycle, requested))) {
    throw preconditionFailed(
      'INCOMPATIBLE_BILLING_CYCLE',
      `billing cycle is not supported by product ${product.id}`,
      { ...data, productId: product.id },
    );
  }
  return normalizeBilling(requested);
}
