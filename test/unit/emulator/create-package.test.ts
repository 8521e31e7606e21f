import {
  CATALOG,
  DEMO_ACCOUNTS,
  DEMO_SITES,
  PRODUCTS,
  UNKNOWN_ACCOUNT_ID,
  UNKNOWN_PRODUCT_ID,
  UNKNOWN_SITE_ID,
} from '../../../src/emulator';
import { codeOf, EmulatorHarness, MONTHLY, violatedFields, YEARLY } from './emulator-harness';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('emulator: Create Package', () => {
  let harness: EmulatorHarness;
  beforeAll(async () => {
    harness = await EmulatorHarness.start();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.control.reset('empty'));

  it('creates a V2 package: PENDING instances, header account, wrapped response, no nulls', async () => {
    const result = await harness.create(
      [
        {
          catalogProductId: PRODUCTS.premiumBusiness,
          billingInfo: YEARLY,
          siteId: DEMO_SITES.customerAMain,
        },
        { catalogProductId: PRODUCTS.mailboxBasic, billingInfo: MONTHLY, discountCode: 'SPRING25' },
      ],
      { externalId: 'sub-1' },
    );
    expect(result.status).toBe(200);
    const pkg = result.body.package;
    expect(Object.keys(result.body)).toEqual(['package']);
    expect(pkg.accountId).toBe(DEMO_ACCOUNTS.customerA);
    expect(pkg.parentAccountId).toBe(DEMO_ACCOUNTS.reseller);
    expect(pkg.externalId).toBe('sub-1');
    expect(pkg.createdDate).toMatch(ISO_MS);
    expect(pkg.updatedDate).toBe(pkg.createdDate);
    expect(pkg.productInstances).toHaveLength(2);
    const [plan, mailbox] = pkg.productInstances;
    expect(plan).toMatchObject({
      siteId: DEMO_SITES.customerAMain,
      catalogProductId: PRODUCTS.premiumBusiness,
      status: 'PENDING',
      billingInfo: YEARLY,
      countryCode: 'BR',
    });
    expect(mailbox.siteId).toBeUndefined();
    expect('siteId' in mailbox).toBe(false);
    expect(mailbox.discountCode).toBe('SPRING25');
    expect(plan.instanceId).not.toBe(mailbox.instanceId);
    for (const instance of pkg.productInstances) {
      expect(instance.createdDate).toMatch(ISO_MS);
      expect(Date.parse(instance.createdDate)).toBeLessThan(Date.parse(pkg.createdDate));
      expect(instance).not.toHaveProperty('failure');
    }
    expect(JSON.stringify(result.body)).not.toContain('null');
    expect(harness.control.getPackage(pkg.id)).toEqual(pkg);
  });

  it('accepts snake_case request keys and answers in camelCase', async () => {
    const result = await harness.call('POST', '/resellers/v2/packages', {
      body: {
        external_id: 'snake',
        products: [
          {
            catalog_product_id: PRODUCTS.premiumCore,
            country_code: 'IN',
            billing_info: { type: 'RECURRING', cycle_duration: { unit: 'MONTH', count: 1 } },
          },
        ],
      },
    });
    expect(result.status).toBe(200);
    expect(result.body.package.externalId).toBe('snake');
    expect(result.body.package.productInstances[0]).toMatchObject({
      catalogProductId: PRODUCTS.premiumCore,
      countryCode: 'IN',
      billingInfo: MONTHLY,
    });
    expect(JSON.stringify(result.body)).not.toMatch(/_[a-z]+"/);
  });

  it('fills the only cycle of a single-cycle product and sets expirationDate for ONE_TIME', async () => {
    const pkg = await harness.createOk([{ catalogProductId: PRODUCTS.seoSetup }]);
    expect(pkg.productInstances[0]?.billingInfo).toEqual({ type: 'ONE_TIME' });
    expect(pkg.productInstances[0]?.expirationDate).toMatch(ISO_MS);
  });

  it('V1 create mirrors V2 without requiring countryCode', async () => {
    const result = await harness.call('POST', '/resellers/v1/packages', {
      body: { products: [{ catalogProductId: PRODUCTS.videoMaxi }] },
    });
    expect(result.status).toBe(200);
    expect(result.body.package.productInstances[0].countryCode).toBeUndefined();
    const v2 = await harness.call('POST', '/resellers/v2/packages', {
      body: { products: [{ catalogProductId: PRODUCTS.seoSetup }] },
    });
    expect(v2.status).toBe(400);
    expect(violatedFields(v2)).toEqual(['products[0].countryCode']);
  });

  describe('validation (400 with every violation and its path)', () => {
    it('reports all violations at once', async () => {
      const result = await harness.call('POST', '/resellers/v2/packages', {
        body: {
          externalId: 'x'.repeat(101),
          products: [
            {
              catalogProductId: PRODUCTS.premiumCore,
              countryCode: 'br',
              discountCode: 'd'.repeat(26),
            },
            { countryCode: 'XX', siteId: 'not-a-guid', billingInfo: { type: 'WEEKLY' } },
            'nope',
          ],
        },
      });
      expect(result.status).toBe(400);
      expect(violatedFields(result).sort()).toEqual(
        [
          'externalId',
          'products[0].countryCode',
          'products[0].discountCode',
          'products[1].catalogProductId',
          'products[1].countryCode',
          'products[1].siteId',
          'products[1].billingInfo.type',
          'products[2]',
        ].sort(),
      );
      const rules = result.body.details.validationError.fieldViolations.map(
        (v: { violatedRule: string }) => v.violatedRule,
      );
      expect(rules).toEqual(expect.arrayContaining(['MAX', 'FORMAT', 'REQUIRED_FIELD', 'TYPE']));
      expect(harness.control.packageCount()).toBe(0);
    });

    it.each([
      ['missing products', {}, 'products'],
      ['empty products', { products: [] }, 'products'],
      ['products not an array', { products: {} }, 'products'],
      [
        'missing countryCode',
        { products: [{ catalogProductId: PRODUCTS.seoSetup }] },
        'products[0].countryCode',
      ],
      [
        'alpha-3 country',
        { products: [{ catalogProductId: PRODUCTS.seoSetup, countryCode: 'BRA' }] },
        'products[0].countryCode',
      ],
    ])('%s', async (_name, body, field) => {
      const result = await harness.call('POST', '/resellers/v2/packages', { body });
      expect(result.status).toBe(400);
      expect(violatedFields(result)).toEqual([field]);
    });

    it('accepts exactly 100 characters of externalId and 25 of discountCode', async () => {
      const pkg = await harness.createOk(
        [{ catalogProductId: PRODUCTS.seoSetup, discountCode: 'd'.repeat(25) }],
        { externalId: 'e'.repeat(100) },
      );
      expect(pkg.externalId).toHaveLength(100);
    });

    it('refuses more than 1000 products', async () => {
      const products = Array.from({ length: 1001 }, () => ({
        catalogProductId: PRODUCTS.seoSetup,
      }));
      const result = await harness.create(products);
      expect(result.status).toBe(400);
      expect(violatedFields(result)).toEqual(['products']);
    });
  });

  describe('documented application errors (contract: reseller error codes)', () => {
    it('404 PRODUCT_NOT_FOUND for a product outside the catalog', async () => {
      const result = await harness.create([{ catalogProductId: UNKNOWN_PRODUCT_ID }]);
      expect(result.status).toBe(404);
      expect(codeOf(result)).toBe('PRODUCT_NOT_FOUND');
      expect(result.body.details.applicationError.data.productId).toBe(UNKNOWN_PRODUCT_ID);
    });

    it('404 ACCOUNT_NOT_FOUND for an unknown header account', async () => {
      const result = await harness.create(
        [{ catalogProductId: PRODUCTS.seoSetup }],
        {},
        UNKNOWN_ACCOUNT_ID,
      );
      expect(result.status).toBe(404);
      expect(codeOf(result)).toBe('ACCOUNT_NOT_FOUND');
    });

    it("404 SITE_NOT_FOUND for an unknown site and for another account's site", async () => {
      const unknown = await harness.create([
        { catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY, siteId: UNKNOWN_SITE_ID },
      ]);
      expect(unknown.status).toBe(404);
      expect(codeOf(unknown)).toBe('SITE_NOT_FOUND');
      const foreign = await harness.create([
        {
          catalogProductId: PRODUCTS.premiumCore,
          billingInfo: YEARLY,
          siteId: DEMO_SITES.customerBMain,
        },
      ]);
      expect(foreign.status).toBe(404);
      expect(codeOf(foreign)).toBe('SITE_NOT_FOUND');
      expect(foreign.body.message).toContain(DEMO_ACCOUNTS.customerA);
      expect(foreign.body.message).toContain(DEMO_ACCOUNTS.customerB);
    });

    it('428 PRODUCT_LIMIT_EXCEEDED past the per-account limit (canceled instances do not count)', async () => {
      expect(CATALOG.videoMaxi.limitPerAccount).toBe(1);
      const first = await harness.createOk([{ catalogProductId: PRODUCTS.videoMaxi }]);
      const second = await harness.create([{ catalogProductId: PRODUCTS.videoMaxi }]);
      expect(second.status).toBe(428);
      expect(codeOf(second)).toBe('PRODUCT_LIMIT_EXCEEDED');
      const twoAtOnce = await harness.create(
        [{ catalogProductId: PRODUCTS.videoMaxi }, { catalogProductId: PRODUCTS.videoMaxi }],
        {},
        DEMO_ACCOUNTS.customerB,
      );
      expect(codeOf(twoAtOnce)).toBe('PRODUCT_LIMIT_EXCEEDED');
      await harness.call('DELETE', `/resellers/v1/packages/${first.id}`);
      await harness.createOk([{ catalogProductId: PRODUCTS.videoMaxi }]);
    });

    it.each([
      ['PRODUCT_SETTINGS_NOT_FOUND', PRODUCTS.legacyAddon],
      ['INVALID_PRODUCTS', PRODUCTS.internalPlan],
    ])('428 %s', async (code, catalogProductId) => {
      const result = await harness.create([{ catalogProductId }]);
      expect(result.status).toBe(428);
      expect(codeOf(result)).toBe(code);
    });

    it('428 MISSING_BILLING_CYCLE for a multi-cycle product without billingInfo', async () => {
      const result = await harness.create([{ catalogProductId: PRODUCTS.premiumBusiness }]);
      expect(result.status).toBe(428);
      expect(codeOf(result)).toBe('MISSING_BILLING_CYCLE');
    });

    it('428 INCOMPATIBLE_BILLING_CYCLE for a well-formed cycle the product does not offer', async () => {
      const result = await harness.create([
        { catalogProductId: PRODUCTS.domainCom, billingInfo: MONTHLY },
      ]);
      expect(result.status).toBe(428);
      expect(codeOf(result)).toBe('INCOMPATIBLE_BILLING_CYCLE');
    });

    it.each([
      ['type UNKNOWN', { type: 'UNKNOWN' }],
      ['RECURRING without duration', { type: 'RECURRING' }],
      ['count 0', { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 0 } }],
      ['ONE_TIME with a duration', { type: 'ONE_TIME', cycleDuration: { unit: 'YEAR', count: 1 } }],
    ])('428 INVALID_BILLING_CYCLE for an inconsistent cycle (%s)', async (_name, billingInfo) => {
      const result = await harness.call('POST', '/resellers/v2/packages', {
        body: {
          products: [{ catalogProductId: PRODUCTS.premiumCore, countryCode: 'BR', billingInfo }],
        },
      });
      expect(result.status).toBe(428);
      expect(codeOf(result)).toBe('INVALID_BILLING_CYCLE');
    });

    it('428 MULTIPLE_PRODUCT_ASSIGNMENTS for two same-type products on one site in one request', async () => {
      const result = await harness.create([
        {
          catalogProductId: PRODUCTS.premiumCore,
          billingInfo: YEARLY,
          siteId: DEMO_SITES.customerAMain,
        },
        {
          catalogProductId: PRODUCTS.premiumBusiness,
          billingInfo: YEARLY,
          siteId: DEMO_SITES.customerAMain,
        },
      ]);
      expect(result.status).toBe(428);
      expect(codeOf(result)).toBe('MULTIPLE_PRODUCT_ASSIGNMENTS');
      expect(harness.control.packageCount()).toBe(0);
    });

    it('428 PRODUCT_TYPE_ALREADY_ASSIGNED when the site already has that type', async () => {
      await harness.createOk([
        {
          catalogProductId: PRODUCTS.premiumCore,
          billingInfo: YEARLY,
          siteId: DEMO_SITES.customerAMain,
        },
      ]);
      const result = await harness.create([
        {
          catalogProductId: PRODUCTS.premiumBusiness,
          billingInfo: YEARLY,
          siteId: DEMO_SITES.customerAMain,
        },
      ]);
      expect(result.status).toBe(428);
      expect(codeOf(result)).toBe('PRODUCT_TYPE_ALREADY_ASSIGNED');
    });

    it('428 PRODUCT_NOT_SUPPORTED_ON_SITE for a domain on a site without a Premium plan', async () => {
      const result = await harness.create([
        { catalogProductId: PRODUCTS.domainCom, siteId: DEMO_SITES.customerABlog },
      ]);
      expect(result.status).toBe(428);
      expect(codeOf(result)).toBe('PRODUCT_NOT_SUPPORTED_ON_SITE');
      await harness.createOk([
        {
          catalogProductId: PRODUCTS.premiumCore,
          billingInfo: YEARLY,
          siteId: DEMO_SITES.customerABlog,
        },
      ]);
      const pkg = await harness.createOk([
        { catalogProductId: PRODUCTS.domainCom, siteId: DEMO_SITES.customerABlog },
      ]);
      expect(pkg.productInstances[0]?.billingInfo).toEqual(YEARLY);
    });

    it('answers in the contract: error envelope applicationError envelope', async () => {
      const result = await harness.create([{ catalogProductId: PRODUCTS.premiumBusiness }]);
      expect(result.body).toEqual({
        message: expect.any(String),
        details: {
          applicationError: {
            code: 'MISSING_BILLING_CYCLE',
            description: expect.any(String),
            data: expect.any(Object),
          },
        },
      });
    });
  });
});
