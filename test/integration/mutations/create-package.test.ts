/**
 * `createPackage` end to end over the emulator: success with loader priming, every create
 * error code of contract: Create Package V2/contract: reseller error codes as a typed user error, and input validation that never reaches the
 * upstream.
 */
import {
  DEMO_ACCOUNTS,
  DEMO_SITES,
  PRODUCTS,
  UNKNOWN_ACCOUNT_ID,
  UNKNOWN_PRODUCT_ID,
  UNKNOWN_SITE_ID,
} from '../../../src/emulator';
import { namespacedIdempotencyKey } from '../../../src/wix/idempotency-namespace';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import {
  CREATE_PACKAGE,
  createPackage,
  createPremiumOnSite,
  premiumInput,
  product,
  upstreamCalls,
} from './mutation-documents';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ env: { WIX_ACCOUNT_ID: DEMO_ACCOUNTS.customerA } });
});
afterAll(() => gateway.close());
beforeEach(() => {
  gateway.emulator.control.reset('empty');
  gateway.emulator.control.clearRequestLog();
});

describe('success', () => {
  it('creates the package upstream (V2, with a generated key) and returns it in the payload', async () => {
    const payload = await createPackage(gateway, {
      externalId: 'sub-1',
      products: [
        product(PRODUCTS.premiumCore, { siteId: DEMO_SITES.customerAMain, countryCode: 'br' }),
        product(PRODUCTS.mailboxBasic, { discountCode: 'SPRING' }),
      ],
    });

    expect(payload.userErrors).toEqual([]);
    const stored = gateway.emulator.control.getPackage(payload.package!.id);
    expect(stored).toBeDefined();
    expect(gateway.emulator.control.packageCount()).toBe(1);
    expect(payload.package).toMatchObject({ externalId: 'sub-1', id: stored!.id });
    expect(payload.package!.productInstances).toEqual(
      stored!.productInstances.map((instance) =>
        expect.objectContaining({
          instanceId: instance.instanceId,
          status: 'PENDING',
          siteId: instance.siteId ?? null,
        }),
      ),
    );
    expect(stored!.productInstances[0]!.countryCode).toBe('BR');
    const [call] = gateway.emulator.control.requestLog();
    expect(`${call!.method} ${call!.path}`).toBe('POST /resellers/v2/packages');
    const body = call!.body as { idempotencyKey: string };
    expect(payload.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.idempotencyKey).toBe(
      namespacedIdempotencyKey(DEMO_ACCOUNTS.customerA, payload.idempotencyKey!),
    );
  });

  it("sends the client's idempotency key namespaced by the account, and returns it as given", async () => {
    const payload = await createPackage(gateway, premiumInput({ idempotencyKey: 'client-key-1' }));

    expect(payload.idempotencyKey).toBe('client-key-1');
    expect(gateway.emulator.control.requestLog()[0]!.body).toMatchObject({
      idempotencyKey: namespacedIdempotencyKey(DEMO_ACCOUNTS.customerA, 'client-key-1'),
    });
  });

  it('primes the loaders: nested reads of the new package cost no upstream call', async () => {
    const result = await gateway.graphql<{
      createPackage: {
        package: { id: string; productInstances: Array<{ package: { id: string } }> };
      };
    }>(
      `mutation($input: CreatePackageInput!) {
        createPackage(input: $input) {
          package { id productInstances { package { id updatedDate } } }
        }
      }`,
      { input: premiumInput() },
    );

    const pkg = result.body.data!.createPackage.package;
    expect(pkg.productInstances[0]!.package.id).toBe(pkg.id);
    expect(upstreamCalls(gateway)).toEqual(['POST /resellers/v2/packages']);
  });
});

describe('business errors become typed user errors', () => {
  const cases: Array<[string, Record<string, unknown>, string[] | null]> = [
    [
      'PRODUCT_NOT_FOUND',
      { products: [product(UNKNOWN_PRODUCT_ID)] },
      ['input', 'products', '0', 'catalogProductId'],
    ],
    [
      'SITE_NOT_FOUND',
      { products: [product(PRODUCTS.premiumCore, { siteId: UNKNOWN_SITE_ID })] },
      ['input', 'products', '0', 'siteId'],
    ],
    [
      'PRODUCT_SETTINGS_NOT_FOUND',
      { products: [product(PRODUCTS.legacyAddon)] },
      ['input', 'products', '0', 'catalogProductId'],
    ],
    [
      'MISSING_BILLING_CYCLE',
      { products: [{ catalogProductId: PRODUCTS.premiumCore, countryCode: 'US' }] },
      ['input', 'products', '0', 'billingInfo'],
    ],
    [
      'INCOMPATIBLE_BILLING_CYCLE',
      {
        products: [
          product(PRODUCTS.premiumBusinessElite, {
            billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } },
          }),
        ],
      },
      ['input', 'products', '0', 'billingInfo'],
    ],
    [
      'INVALID_BILLING_CYCLE',
      { products: [product(PRODUCTS.premiumCore, { billingInfo: { type: 'UNKNOWN' } })] },
      ['input', 'products', '0', 'billingInfo'],
    ],
    [
      'INVALID_PRODUCTS',
      { products: [product(PRODUCTS.internalPlan)] },
      ['input', 'products', '0', 'catalogProductId'],
    ],
    [
      'MULTIPLE_PRODUCT_ASSIGNMENTS',
      {
        products: [
          product(PRODUCTS.premiumCore, { siteId: DEMO_SITES.customerABlog }),
          product(PRODUCTS.premiumLight, { siteId: DEMO_SITES.customerABlog }),
        ],
      },
      ['input', 'products'],
    ],
    [
      'PRODUCT_NOT_SUPPORTED_ON_SITE',
      { products: [product(PRODUCTS.domainCom, { siteId: DEMO_SITES.customerAShop })] },
      ['input', 'products', '0', 'siteId'],
    ],
    [
      'PRODUCT_LIMIT_EXCEEDED',
      { products: [product(PRODUCTS.videoMaxi), product(PRODUCTS.videoMaxi)] },
      ['input', 'products'],
    ],
  ];

  it.each(cases)('%s', async (code, input, field) => {
    const payload = await createPackage(gateway, input);

    expect(payload.package).toBeNull();
    expect(payload.userErrors).toEqual([{ code, message: expect.any(String), field }]);
    // Our own words: no ids or upstream text.
    expect(payload.userErrors[0]!.message).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(gateway.emulator.control.packageCount()).toBe(0);
  });

  it('PRODUCT_TYPE_ALREADY_ASSIGNED', async () => {
    await createPremiumOnSite(gateway, DEMO_SITES.customerAMain);

    const payload = await createPackage(gateway, {
      products: [product(PRODUCTS.premiumLight, { siteId: DEMO_SITES.customerAMain })],
    });

    expect(payload.userErrors).toEqual([
      {
        code: 'PRODUCT_TYPE_ALREADY_ASSIGNED',
        message: expect.any(String),
        field: ['input', 'products', '0', 'siteId'],
      },
    ]);
  });

  it('INVALID_REFERENCE_PRODUCT_INSTANCE (emulator-only code)', async () => {
    const light = await createPackage(gateway, { products: [product(PRODUCTS.premiumLight)] });
    const referenceId = light.package!.productInstances[0]!.instanceId;

    const payload = await createPackage(gateway, {
      products: [product(PRODUCTS.domainCom, { referenceProductInstanceId: referenceId })],
    });

    expect(payload.userErrors).toEqual([
      {
        code: 'INVALID_REFERENCE_PRODUCT_INSTANCE',
        message: expect.stringContaining('cannot be referenced'),
        field: ['input', 'products', '0', 'referenceProductInstanceId'],
      },
    ]);
  });

  it('IDEMPOTENCY_KEY_REUSED (emulator-only code): one key, two different inputs', async () => {
    await createPackage(gateway, premiumInput({ idempotencyKey: 'reused-key' }));

    const payload = await createPackage(gateway, {
      idempotencyKey: 'reused-key',
      products: [product(PRODUCTS.mailboxBasic)],
    });

    expect(payload).toMatchObject({
      idempotencyKey: 'reused-key',
      package: null,
      userErrors: [{ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] }],
    });
    expect(gateway.emulator.control.packageCount()).toBe(1);
  });

  it('ACCOUNT_NOT_FOUND when the gateway acts for an account Wix does not know', async () => {
    const unknown = await startTestGateway({ env: { WIX_ACCOUNT_ID: UNKNOWN_ACCOUNT_ID } });
    try {
      const payload = await createPackage(unknown, premiumInput());
      expect(payload.userErrors).toEqual([
        { code: 'ACCOUNT_NOT_FOUND', message: expect.any(String), field: null },
      ]);
    } finally {
      await unknown.close();
    }
  });
});

describe('input validation happens before any upstream call', () => {
  async function violationsOf(input: unknown): Promise<Array<{ path: string }>> {
    const result = await gateway.graphql(CREATE_PACKAGE, { input });
    expect(result.body.data).toBeNull();
    const [error] = result.body.errors!;
    expect(error!.extensions!['code']).toBe('BAD_USER_INPUT');
    expect(upstreamCalls(gateway)).toEqual([]);
    return error!.extensions!['violations'] as Array<{ path: string }>;
  }

  it('reports every problem at once, each with its path', async () => {
    const violations = await violationsOf({
      externalId: 'x'.repeat(101),
      idempotencyKey: '',
      products: [
        {
          catalogProductId: 'not-a-guid',
          countryCode: 'XX',
          siteId: '123',
          discountCode: 'D'.repeat(26),
          referenceProductInstanceId: 'nope',
          billingInfo: { type: 'RECURRING' },
        },
        product(PRODUCTS.premiumCore, {
          countryCode: 'BRA',
          billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'UNKNOWN' } },
        }),
      ],
    });

    expect(violations.map((v) => v.path).sort()).toEqual(
      [
        'input.externalId',
        'input.idempotencyKey',
        'input.products[0].billingInfo.cycleDuration',
        'input.products[0].catalogProductId',
        'input.products[0].countryCode',
        'input.products[0].discountCode',
        'input.products[0].referenceProductInstanceId',
        'input.products[0].siteId',
        'input.products[1].billingInfo.cycleDuration.unit',
        'input.products[1].countryCode',
      ].sort(),
    );
  });

  it('refuses an empty product list', async () => {
    expect(await violationsOf({ products: [] })).toEqual([
      { path: 'input.products', message: expect.any(String) },
    ]);
  });

  it('refuses more than 1000 products', async () => {
    const products = Array.from({ length: 1001 }, () => product(PRODUCTS.seoSetup));
    const violations = await violationsOf({ products });
    expect(violations.map((v) => v.path)).toEqual(['input.products']);
  });

  it('accepts a lower-case country code and sends it upper-cased', async () => {
    await createPackage(gateway, {
      products: [{ ...product(PRODUCTS.seoSetup), billingInfo: null, countryCode: 'de' }],
    });
    const body = gateway.emulator.control.requestLog()[0]!.body as {
      products: Array<{ countryCode: string }>;
    };
    expect(body.products[0]!.countryCode).toBe('DE');
  });
});
