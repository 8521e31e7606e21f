/**
 * Finds the package an earlier, ambiguous Create Package attempt may have made after all, so
 * the retry loop (http-client.ts) can return it instead of creating a second one. Wix does not
 * document how long it honours idempotency keys (contract: idempotency), so a replay may not be recognised; the
 * reseller's `externalId` is the only other handle on the package (contract: Package object).
 *
 * `externalId` is not unique in Wix, so a match must also have been created by this account
 * since shortly before the mutation started and hold exactly the requested products. A
 * legitimate older package with the same external id is therefore never returned.
 */
import type {
  WixCreatePackageRequest,
  WixPackage,
  WixProductInput,
  WixQuery,
  WixQueryPackagesResponse,
} from './wire-types';

/**
 * How far before the mutation's start a match may have been created: covers clock skew
 * between this host and Wix (packages carry Wix's timestamps).
 */
export const RECONCILE_CLOCK_SKEW_MS = 60_000;

/** Query Packages' largest page (contract: Query Packages). */
const PAGE_LIMIT = 100;

/** What a lookup needs: the request being retried and who/when it was made. */
export interface CreateReconciliation {
  readonly accountId: string;
  readonly request: WixCreatePackageRequest;
  /** Epoch ms when the create was first attempted. */
  readonly startedAt: number;
  readonly clockSkewMs?: number;
}

/** The Query Packages filter of the lookup: same account, same external id, recent. */
export function reconciliationQuery(reconciliation: CreateReconciliation): WixQuery {
  const since = reconciliation.startedAt - (reconciliation.clockSkewMs ?? RECONCILE_CLOCK_SKEW_MS);
  return {
    filter: {
      $and: [
        { accountId: { $eq: reconciliation.accountId } },
        { externalId: { $eq: reconciliation.request.externalId } },
        { createdDate: { $gte: new Date(since).toISOString() } },
      ],
    },
    sort: [{ fieldName: 'createdDate', order: 'ASC' }],
    cursorPaging: { limit: PAGE_LIMIT },
  };
}

/** One comparable line per product: what Create turns into one instance. */
function productSignature(product: {
  catalogProductId: string;
  siteId?: string;
  countryCode?: string;
  referenceProductInstanceId?: string;
}): string {
  return JSON.stringify([
    product.catalogProductId.toLowerCase(),
    product.siteId?.toLowerCase() ?? null,
    product.countryCode?.toUpperCase() ?? null,
    product.referenceProductInstanceId?.toLowerCase() ?? null,
  ]);
}

function sortedSignatures(products: ReadonlyArray<Parameters<typeof productSignature>[0]>) {
  return products.map(productSignature).sort();
}

/**
 * True when `pkg` holds exactly the requested products (catalog product, site, country and
 * reference of each, in any order). Billing and discount are left out: the upstream may fill
 * in a default cycle or drop an invalid discount code.
 */
export function packageMatchesProducts(
  pkg: WixPackage,
  products: readonly WixProductInput[],
): boolean {
  if (pkg.productInstances.length !== products.length) return false;
  const wanted = sortedSignatures(products);
  const held = sortedSignatures(pkg.productInstances);
  return wanted.every((signature, index) => signature === held[index]);
}

/**
 * The earliest package the lookup finds that matches the request, or `undefined`. Packages of
 * other accounts are ignored even if the upstream returns them (Query scope is the account tree).
 */
export function pickReconciledPackage(
  reconciliation: CreateReconciliation,
  response: WixQueryPackagesResponse,
): WixPackage | undefined {
  const account = reconciliation.accountId.toLowerCase();
  const since = reconciliation.startedAt - (reconciliation.clockSkewMs ?? RECONCILE_CLOCK_SKEW_MS);
  return response.packages.find(
    (pkg) =>
      pkg.accountId.toLowerCase() === account &&
      pkg.externalId === reconciliation.request.externalId &&
      Date.parse(pkg.createdDate) >= since &&
      packageMatchesProducts(pkg, reconciliation.request.products),
  );
}
