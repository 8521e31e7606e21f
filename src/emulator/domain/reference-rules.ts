import { EMULATOR_ONLY_CODES, preconditionFailed } from '../errors';
import type { EmulatorApiError } from '../errors';
import { findCatalogProduct } from '../fixtures/catalog';
import type { CatalogProduct } from '../fixtures/catalog';
import { rootAccountOf } from '../state/account-tree';
import type { EmulatorState } from '../state/emulator-state';
import { findInstance } from './package-edit';

/** Why a reference instance was refused (sent as `data.reason`). */
export type ReferenceRejection =
  | 'NOT_FOUND'
  | 'INCOMPATIBLE_STATUS'
  | 'ALREADY_USED'
  | 'NOT_A_REFERENCE_PRODUCT'
  | 'PRODUCT_CANNOT_REDEEM';

/**
 * contract: Create Package V2 reference rules: the referenced instance exists in the caller's account tree (contract: emulator rules, a decision where Wix documents nothing),
 * is PENDING or ENABLED (the docs' "ACTIVE"), was never redeemed before (neither earlier nor
 * earlier in this request), its product can be a reference, and `product` may redeem it.
 *
 * Violations answer 428 `INVALID_REFERENCE_PRODUCT_INSTANCE`, a code INVENTED by this emulator
 * (Wix documents no error for these cases).
 * @throws EmulatorApiError 428 INVALID_REFERENCE_PRODUCT_INSTANCE
 */
export function checkReference(
  state: EmulatorState,
  accountId: string,
  product: CatalogProduct,
  referenceId: string,
  redeemedInThisRequest: ReadonlySet<string>,
  data: Record<string, unknown>,
): void {
  const reject = (reason: ReferenceRejection, description: string): EmulatorApiError =>
    preconditionFailed(EMULATOR_ONLY_CODES.invalidReference, description, {
      ...data,
      referenceProductInstanceId: referenceId,
      reason,
    });
  const pkg = state.packages.getByInstanceId(referenceId);
  const instance = pkg ? findInstance(pkg, referenceId) : undefined;
  const sameTree =
    pkg !== undefined &&
    rootAccountOf(state.accounts, pkg.accountId) === rootAccountOf(state.accounts, accountId);
  if (!instance || !sameTree) {
    throw reject('NOT_FOUND', `reference product instance ${referenceId} not found`);
  }
  if (instance.status !== 'PENDING' && instance.status !== 'ENABLED') {
    throw reject(
      'INCOMPATIBLE_STATUS',
      `reference product instance ${referenceId} is ${instance.status}; it must be PENDING or ENABLED`,
    );
  }
  if (state.usedReferences.has(referenceId) || redeemedInThisRequest.has(referenceId)) {
    throw reject('ALREADY_USED', `reference product instance ${referenceId} was already used`);
  }
  const referencedProduct = findCatalogProduct(instance.catalogProductId);
  if (!referencedProduct?.canBeReference) {
    throw reject(
      'NOT_A_REFERENCE_PRODUCT',
      `product ${instance.catalogProductId} cannot serve as a reference`,
    );
  }
  if (!product.redeemsReferenceOf.includes(referencedProduct.type)) {
    throw reject(
      'PRODUCT_CANNOT_REDEEM',
      `product ${product.id} cannot redeem a ${referencedProduct.type} reference`,
    );
  }
}
