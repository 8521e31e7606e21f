import type { WixBillingInfo, WixPackage, WixProductInstance } from '../../wix/wire-types';
import { toWireTimestamp } from '../clock';
import { applicationError, preconditionFailed } from '../errors';
import type { CatalogProduct } from '../fixtures/catalog';
import { newGuid } from '../ids';
import type { CreatePackageInput, CreateProductInput } from '../validation/create-request';
import { resolveBilling } from './billing';
import type { OperationContext } from './operation-context';
import { withoutUndefined } from './package-edit';
import { checkProductLimit, requireSellableProduct } from './product-rules';
import { checkReference } from './reference-rules';
import { checkSiteAccepts, requireOwnedSite } from './site-rules';

/** One year, for the `expirationDate` of ONE_TIME (non-renewing) instances. */
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

interface PlannedProduct {
  readonly input: CreateProductInput;
  readonly product: CatalogProduct;
  readonly billing: WixBillingInfo;
}

/**
 * contract: Create Package V2 Create Package (V1 and V2 share the rules; V2's country requirement is a validation
 * matter). Checks run in this order and the first failure wins: account, products (catalog,
 * resellable, settings), billing, per-account limits, sites, references.
 * @returns the stored package (all instances PENDING, floating unless `siteId` was given)
 */
export function createPackage(ctx: OperationContext, input: CreatePackageInput): WixPackage {
  const { state, accountId } = ctx;
  const account = state.accounts.get(accountId);
  if (!account) {
    throw applicationError(404, 'ACCOUNT_NOT_FOUND', `account ${accountId} not found`, {
      accountId,
    });
  }
  const planned = input.products.map((productInput, index): PlannedProduct => {
    const data = { productIndex: index };
    const product = requireSellableProduct(productInput.catalogProductId, data);
    const billing = resolveBilling(product, productInput.billingInfo, data);
    return { input: productInput, product, billing };
  });
  checkLimits(ctx, planned);
  checkSites(ctx, planned);
  checkReferences(ctx, planned);

  const packageMs = state.clock.nowMs();
  const packageDate = toWireTimestamp(packageMs);
  const count = planned.length;
  const productInstances = planned.map(({ input: product, billing, product: catalog }, index) => {
    // contract: emulator rules: instances are created a few ms before their package (as in the official examples).
    const instanceDate = toWireTimestamp(packageMs - 2 - (count - 1 - index));
    return withoutUndefined<WixProductInstance>({
      instanceId: newGuid(),
      siteId: product.siteId,
      catalogProductId: product.catalogProductId,
      status: 'PENDING',
      billingInfo: billing,
      createdDate: instanceDate,
      updatedDate: instanceDate,
      countryCode: product.countryCode,
      expirationDate:
        billing.type === 'ONE_TIME' && catalog.cycles.length > 0
          ? toWireTimestamp(packageMs + ONE_YEAR_MS)
          : undefined,
      discountCode: product.discountCode,
      referenceProductInstanceId: product.referenceProductInstanceId,
    });
  });
  const pkg = withoutUndefined<WixPackage>({
    id: newGuid(),
    accountId,
    parentAccountId: account.parentAccountId ?? accountId,
    externalId: input.externalId,
    productInstances,
    createdDate: packageDate,
    updatedDate: packageDate,
  });
  state.putPackage(pkg);
  for (const { input: product } of planned) {
    if (product.referenceProductInstanceId) {
      state.markReferenceUsed(product.referenceProductInstanceId);
    }
  }
  ctx.emit?.({ slug: 'created', pkg });
  return pkg;
}

function checkLimits(ctx: OperationContext, planned: readonly PlannedProduct[]): void {
  const requested = new Map<string, { product: CatalogProduct; count: number }>();
  for (const { product } of planned) {
    const entry = requested.get(product.id) ?? { product, count: 0 };
    entry.count++;
    requested.set(product.id, entry);
  }
  for (const { product, count } of requested.values()) {
    checkProductLimit(ctx.state, ctx.accountId, product, count);
  }
}

function checkSites(ctx: OperationContext, planned: readonly PlannedProduct[]): void {
  const typesPerSite = new Map<string, Set<string>>();
  planned.forEach(({ input, product }, index) => {
    if (!input.siteId) return;
    const data = { productIndex: index };
    requireOwnedSite(ctx.state, input.siteId, ctx.accountId, data);
    const types = typesPerSite.get(input.siteId) ?? new Set<string>();
    if (types.has(product.type)) {
      throw preconditionFailed(
        'MULTIPLE_PRODUCT_ASSIGNMENTS',
        `the request assigns more than one ${product.type} product to site ${input.siteId}`,
        { ...data, siteId: input.siteId, productType: product.type },
      );
    }
    types.add(product.type);
    typesPerSite.set(input.siteId, types);
  });
  planned.forEach(({ input, product }, index) => {
    if (input.siteId) checkSiteAccepts(ctx.state, input.siteId, product, { productIndex: index });
  });
}

function checkReferences(ctx: OperationContext, planned: readonly PlannedProduct[]): void {
  const redeemed = new Set<string>();
  planned.forEach(({ input, product }, index) => {
    const referenceId = input.referenceProductInstanceId;
    if (!referenceId) return;
    checkReference(ctx.state, ctx.accountId, product, referenceId, redeemed, {
      productIndex: index,
    });
    redeemed.add(referenceId);
  });
}
