import {
  packageMatchesProducts,
  pickReconciledPackage,
  RECONCILE_CLOCK_SKEW_MS,
  reconciliationQuery,
  type CreateReconciliation,
} from '../../../src/wix/create-package-reconciler';
import type { WixPackage, WixProductInput } from '../../../src/wix/wire-types';

const ACCOUNT = '11111111-2222-4333-8444-555555555555';
const OTHER = '22222222-2222-4333-8444-555555555555';
const PRODUCT_A = 'a1000000-0000-4000-8000-000000000001';
const PRODUCT_B = 'a1000000-0000-4000-8000-000000000002';
const SITE = 'b1000000-0000-4000-8000-00000000000a';
const STARTED_AT = Date.parse('2025-01-01T12:00:00.000Z');

const products: WixProductInput[] = [
  { catalogProductId: PRODUCT_A, countryCode: 'BR', siteId: SITE },
  { catalogProductId: PRODUCT_B, countryCode: 'BR' },
];

const reconciliation: CreateReconciliation = {
  accountId: ACCOUNT,
  request: { externalId: 'sub-1', idempotencyKey: 'k', products },
  startedAt: STARTED_AT,
};

function wirePackage(overrides: Partial<WixPackage> = {}): WixPackage {
  const created = new Date(STARTED_AT + 500).toISOString();
  return {
    id: 'c0000000-0000-4000-8000-000000000001',
    accountId: ACCOUNT,
    externalId: 'sub-1',
    productInstances: [
      {
        instanceId: 'd0000000-0000-4000-8000-000000000002',
        catalogProductId: PRODUCT_B,
        countryCode: 'BR',
        status: 'PENDING',
        billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
        createdDate: created,
        updatedDate: created,
      },
      {
        instanceId: 'd0000000-0000-4000-8000-000000000001',
        catalogProductId: PRODUCT_A.toUpperCase(),
        siteId: SITE,
        countryCode: 'BR',
        status: 'PENDING',
        createdDate: created,
        updatedDate: created,
      },
    ],
    createdDate: created,
    updatedDate: created,
    ...overrides,
  };
}

describe('reconciliationQuery', () => {
  it('asks for this account’s packages with the external id created since shortly before the start', () => {
    expect(reconciliationQuery(reconciliation)).toEqual({
      filter: {
        $and: [
          { accountId: { $eq: ACCOUNT } },
          { externalId: { $eq: 'sub-1' } },
          { createdDate: { $gte: new Date(STARTED_AT - RECONCILE_CLOCK_SKEW_MS).toISOString() } },
        ],
      },
      sort: [{ fieldName: 'createdDate', order: 'ASC' }],
      cursorPaging: { limit: 100 },
    });
  });
});

describe('packageMatchesProducts', () => {
  it('matches the same products in any order, ignoring GUID case, billing and discount', () => {
    expect(packageMatchesProducts(wirePackage(), products)).toBe(true);
  });

  it.each([
    ['a missing product', products.slice(0, 1)],
    ['an extra product', [...products, { catalogProductId: PRODUCT_B, countryCode: 'BR' }]],
    ['another site', [{ ...products[0]!, siteId: undefined }, products[1]!]],
    ['another country', [products[0]!, { ...products[1]!, countryCode: 'DE' }]],
    [
      'a reference the package lacks',
      [products[0]!, { ...products[1]!, referenceProductInstanceId: SITE }],
    ],
  ])('does not match %s', (_name, wanted) => {
    expect(packageMatchesProducts(wirePackage(), wanted as WixProductInput[])).toBe(false);
  });
});

describe('pickReconciledPackage', () => {
  const pick = (...packages: WixPackage[]) =>
    pickReconciledPackage(reconciliation, { packages, metadata: {} });

  it('returns the first matching package', () => {
    const found = wirePackage();
    expect(pick(found, wirePackage({ id: 'other' }))).toBe(found);
  });

  it('ignores an older package with the same external id and products', () => {
    const older = new Date(STARTED_AT - RECONCILE_CLOCK_SKEW_MS - 1).toISOString();
    expect(pick(wirePackage({ createdDate: older }))).toBeUndefined();
  });

  it('accepts a package stamped slightly before the start (clock skew)', () => {
    const skewed = new Date(STARTED_AT - RECONCILE_CLOCK_SKEW_MS).toISOString();
    expect(pick(wirePackage({ createdDate: skewed }))).toBeDefined();
  });

  it('ignores other accounts, other external ids and other products', () => {
    expect(
      pick(
        wirePackage({ accountId: OTHER }),
        wirePackage({ externalId: 'sub-2' }),
        wirePackage({ productInstances: wirePackage().productInstances.slice(1) }),
      ),
    ).toBeUndefined();
  });
});
