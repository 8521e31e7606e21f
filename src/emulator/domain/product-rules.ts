import { applicationError, preconditionFailed } from '../errors';
import { findCatalogProduct } from '../fixtures/catalog';
import type { CatalogProduct, ProductType } from '../fixtures/catalog';
import type { EmulatorState } from '../state/emulator-state';
import { isActiveStatus } from './package-edit';

/**
 * The sellable catalog product with this id.
 * @throws EmulatorApiError 404 PRODUCT_NOT_FOUND, 428 INVALID_PRODUCTS (not resellable) or
 *   428 PRODUCT_SETTINGS_NOT_FOUND (no Wix-side settings)
 */
export function requireSellableProduct(
  productId: string,
  data: Record<string, unknown>,
): CatalogProduct {
  const product = findCatalogProduct(productId);
  if (!product) {
    throw applicationError(404, 'PRODUCT_NOT_FOUND', `product ${productId} not found`, {
      ...data,
      productId,
    });
  }
  if (!product.resellable) {
    throw preconditionFailed('INVALID_PRODUCTS', `product ${productId} is not resellable`, {
      ...data,
      productId,
    });
  }
  if (!product.hasWixSettings) {
    throw preconditionFailed(
      'PRODUCT_SETTINGS_NOT_FOUND',
      `settings for product ${productId} not found`,
      { ...data, productId },
    );
  }
  return product;
}

/** The product type of a catalog product id (undefined for ids outside the catalog). */
export function productTypeOf(catalogProductId: string): ProductType | undefined {
  return findCatalogProduct(catalogProductId)?.type;
}

/** Number of active (not canceled, not failed) instances of `productId` held by `accountId`. */
export function activeInstanceCount(
  state: EmulatorState,
  accountId: string,
  productId: string,
): number {
  let count = 0;
  for (const packageId of state.packages.idsByAccountId(accountId) ?? []) {
    const pkg = state.packages.get(packageId);
    for (const instance of pkg?.productInstances ?? []) {
      if (instance.catalogProductId === productId && isActiveStatus(instance.status)) count++;
    }
  }
  return count;
}

/**
 * @throws EmulatorApiError 428 PRODUCT_LIMIT_EXCEEDED when adding `adding` instances of
 *   `product` would exceed its per-account limit
 */
export function checkProductLimit(
  state: EmulatorState,
  accountId: string,
  product: CatalogProduct,
  adding: number,
): void {
  if (product.limitPerAccount === undefined) return;
  const current = activeInstanceCount(state, accountId, product.id);
  if (current + adding > product.limitPerAccount) {
    throw preconditionFailed(
      'PRODUCT_LIMIT_EXCEEDED',
      `account ${accountId} reached the limit of ${product.limitPerAccount} for product ${product.id}`,
      { accountId, productId: product.id, limit: product.limitPerAccount },
    );
  }
}
