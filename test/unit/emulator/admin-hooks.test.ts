import {
  API_KEY,
  codeOf,
  DEMO_ACCOUNTS,
  DEMO_SITES,
  EmulatorHarness,
  PRODUCTS,
} from './emulator-harness';

describe('emulator: admin hooks and request log', () => {
  let harness: EmulatorHarness;
  beforeAll(async () => {
    harness = await EmulatorHarness.start({ requestLogSize: 3 });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.control.reset('empty');
    harness.control.clearRequestLog();
  });

  const admin = (method: string, path: string, body?: unknown) =>
    harness.call(method, `/_emulator${path}`, { body, apiKey: null, account: null });

  it('reset loads a seed; stats count packages and statuses', async () => {
    const demo = await admin('POST', '/reset', { seed: 'demo' });
    expect(demo.status).toBe(200);
    expect(demo.body.packageCount).toBeGreaterThan(200);
    for (const count of Object.values(demo.body.instancesByStatus))
      expect(count).toBeGreaterThan(0);
    const empty = await admin('POST', '/reset', {});
    expect(empty.body).toMatchObject({ packageCount: 0, accountCount: 4, siteCount: 7 });
    expect((await admin('POST', '/reset', { seed: 'full' })).status).toBe(400);
  });

  it('seed adds accounts, sites and raw packages that the API then serves', async () => {
    const account = '5a5a5a5a-0000-4000-8000-000000000001';
    const site = '5b5b5b5b-0000-4000-8000-000000000001';
    const packageId = '5c5c5c5c-0000-4000-8000-000000000001';
    const result = await admin('POST', '/seed', {
      accounts: [{ id: account, parentAccountId: DEMO_ACCOUNTS.reseller }],
      sites: [{ id: site, accountId: account }],
      packages: [
        {
          id: packageId,
          accountId: account,
          createdDate: '2024-01-02T03:04:05Z',
          productInstances: [
            {
              catalogProductId: PRODUCTS.premiumCore,
              siteId: site,
              status: 'FAILED',
              failure: { code: 'UNKNOWN', message: 'x' },
            },
          ],
        },
      ],
    });
    expect(result.status).toBe(200);
    const read = await harness.call('GET', `/resellers/v1/packages/${packageId}`, { account });
    expect(read.status).toBe(200);
    expect(read.body.package.createdDate).toBe('2024-01-02T03:04:05.000Z');
    expect(read.body.package.productInstances[0].status).toBe('FAILED');
    const query = await harness.call('POST', '/resellers/v1/packages/query', {
      account: DEMO_ACCOUNTS.customerA,
      body: { query: {} },
    });
    expect(query.body.packages.map((p: { id: string }) => p.id)).toContain(packageId);
    const bad = await admin('POST', '/seed', {
      packages: [{ accountId: 'x', productInstances: [] }],
    });
    expect(bad.status).toBe(400);
  });

  it('drives the status engine and refuses terminal or invalid transitions', async () => {
    const pkg = await harness.createOk([
      { catalogProductId: PRODUCTS.seoSetup },
      { catalogProductId: PRODUCTS.videoMaxi },
    ]);
    const [first, second] = pkg.productInstances.map((i) => i.instanceId) as [string, string];
    const awaiting = await admin('POST', `/instances/${first}/status`, {
      status: 'AWAITING_ACTION',
    });
    expect(awaiting.body.package.productInstances[0].status).toBe('AWAITING_ACTION');
    const enabled = await admin('POST', `/instances/${first}/status`, { status: 'ENABLED' });
    expect(enabled.body.package.productInstances[0]).not.toHaveProperty('failure');
    const noFailure = await admin('POST', `/instances/${second}/status`, { status: 'FAILED' });
    expect(noFailure.status).toBe(400);
    const failed = await admin('POST', `/instances/${second}/status`, {
      status: 'FAILED',
      failure: { code: 'DELIVERY_TIMEOUT', message: 'late' },
    });
    expect(failed.body.package.productInstances[1]).toMatchObject({
      status: 'FAILED',
      failure: { code: 'DELIVERY_TIMEOUT', message: 'late' },
    });
    const fromFailed = await admin('POST', `/instances/${second}/status`, { status: 'ENABLED' });
    expect([fromFailed.status, codeOf(fromFailed)]).toEqual([
      428,
      'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS',
    ]);
    const enabledToAwaiting = await admin('POST', `/instances/${first}/status`, {
      status: 'PENDING',
    });
    expect(enabledToAwaiting.status).toBe(428);
    const unknown = await admin('POST', '/instances/00000000-0000-4000-8000-000000000000/status', {
      status: 'ENABLED',
    });
    expect(unknown.status).toBe(404);
    expect(() => harness.control.setInstanceStatus(second, 'ENABLED')).toThrow();
  });

  it('logs API requests without the Authorization value, bounded, and not admin calls', async () => {
    await harness.createOk([{ catalogProductId: PRODUCTS.seoSetup }], { externalId: 'logged' });
    await admin('GET', '/stats');
    const entries = (await admin('GET', '/requests')).body.entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      method: 'POST',
      path: '/resellers/v2/packages',
      status: 200,
      body: { externalId: 'logged' },
      headers: expect.objectContaining({ 'wix-account-id': DEMO_ACCOUNTS.customerA }),
    });
    expect(entries[0].at).toMatch(/Z$/);
    expect(entries[0].headers).not.toHaveProperty('authorization');
    expect(JSON.stringify(entries)).not.toContain(API_KEY);

    for (let i = 0; i < 4; i++)
      await harness.call('GET', `/resellers/v1/packages/0000000${i}-0000-4000-8000-000000000000`);
    const bounded = harness.control.requestLog();
    expect(bounded).toHaveLength(3);
    expect(bounded[2]!.path).toBe('/resellers/v1/packages/00000003-0000-4000-8000-000000000000');
    expect(JSON.stringify(bounded)).not.toContain(API_KEY);

    expect((await admin('DELETE', '/requests')).status).toBe(200);
    expect(harness.control.requestLog()).toEqual([]);
  });

  it('exposes fixtures and raw packages; unknown admin routes answer 404', async () => {
    const fixtures = await admin('GET', '/fixtures');
    expect(fixtures.body.sites.map((s: { id: string }) => s.id)).toContain(
      DEMO_SITES.customerAMain,
    );
    expect(
      fixtures.body.products.find((p: { key: string }) => p.key === 'premiumBusiness').id,
    ).toBe(PRODUCTS.premiumBusiness);
    const pkg = await harness.createOk([{ catalogProductId: PRODUCTS.seoSetup }]);
    expect((await admin('GET', `/packages/${pkg.id}`)).body.package).toEqual(pkg);
    expect((await admin('GET', '/nope')).status).toBe(404);
    expect((await admin('PATCH', '/stats')).status).toBe(405);
  });
});

describe('emulator: auto-enable', () => {
  it('enables PENDING instances after the configured delay', async () => {
    const harness = await EmulatorHarness.start({ autoEnableAfterMs: 10 });
    try {
      const pkg = await harness.createOk([{ catalogProductId: PRODUCTS.seoSetup }]);
      for (let i = 0; i < 100; i++) {
        if (harness.control.getPackage(pkg.id)?.productInstances[0]?.status === 'ENABLED') break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(harness.control.getPackage(pkg.id)?.productInstances[0]?.status).toBe('ENABLED');
    } finally {
      await harness.close();
    }
  });
});
