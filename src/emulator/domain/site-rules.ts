import { applicationError, preconditionFailed } from '../errors';
import type { CatalogProduct, ProductType } from '../fixtures/catalog';
import type { EmulatorState } from '../state/emulator-state';
import { isActiveStatus } from './package-edit';
import { productTypeOf } from './product-rules';

/**
 * @throws EmulatorApiError 404 SITE_NOT_FOUND unless `siteId` exists and is owned by `accountId`
 *   (the message names the requesting and the owning account, as Wix's does)
 */
export function requireOwnedSite(
  state: EmulatorState,
  siteId: string,
  accountId: string,
  data: Record<string, unknown> = {},
): void {
  const site = state.sites.get(siteId);
  if (site?.accountId === accountId) return;
  const owner = site ? `; it belongs to account ${site.accountId}` : '';
  throw applicationError(
    404,
    'SITE_NOT_FOUND',
    `site ${siteId} not found for account ${accountId}${owner}`,
    {
      ...data,
      siteId,
      requestingAccountId: accountId,
      ...(site ? { owningAccountId: site.accountId } : {}),
    },
  );
}

/** Product types with an active instance on `siteId`, ignoring `exceptInstanceId`. */
export function activeTypesOnSite(
  state: EmulatorState,
  siteId: string,
  exceptInstanceId?: string,
): Set<ProductType> {
  const types = new Set<ProductType>();
  for (const packageId of state.packages.idsByInstanceField('siteId', siteId) ?? []) {
    for (const instance of state.packages.get(packageId)?.productInstances ?? []) {
      if (instance.siteId !== siteId || instance.instanceId === exceptInstanceId) continue;
      if (!isActiveStatus(instance.status)) continue;
      const type = productTypeOf(instance.catalogProductId);
      if (type) types.add(type);
    }
  }
  return types;
}

/**
 * One product per type per site, and prerequisites present (contract: Create Package V2).
 * @throws EmulatorApiError 428 PRODUCT_TYPE_ALREADY_ASSIGNED or PRODUCT_NOT_SUPPORTED_ON_SITE
 */
export function checkSiteAccepts(
  state: EmulatorState,
  siteId: string,
  product: CatalogProduct,
  data: Record<string, unknown> = {},
  exceptInstanceId?: string,
): void {
  const types = activeTypesOnSite(state, siteId, exceptInstanceId);
  if (types.has(product.type)) {
    throw preconditionFailed(
      'PRODUCT_TYPE_ALREADY_ASSIGNED',
      `site ${siteId} already has a product of type ${product.type}`,
      { ...data, siteId, productId: product.id, productType: product.type },
    );
  }
  if (product.requiresOnSite && !types.has(product.requiresOnSite)) {
    throw preconditionFailed(
      'PRODUCT_NOT_SUPPORTED_ON_SITE',
      `product ${product.id} needs an active ${product.requiresOnSite} on site ${siteId}`,
      { ...data, siteId, productId: product.id, requiredProductType: product.requiresOnSite },
    );
  }
}
