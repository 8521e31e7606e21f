import type { WixPackage } from '../../../src/wix/wire-types';
import { startEmulator } from '../../../src/emulator';
import {
  codeOf,
  DEMO_ACCOUNTS,
  DEMO_SITES,
  EmulatorHarness,
  PRODUCTS,
  violatedFields,
  YEARLY,
} from './emulator-harness';

describe('emulator: package endpoints', () => {
  let harness: EmulatorHarness;
  beforeAll(async () => {
    harness = await EmulatorHarness.start();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.control.reset('empty'));

  const createTwoInstancePackage = (): Promise<WixPackage> =>
    harness.createOk([
      {
        catalogProductId: PRODUCTS.premiumCore,
        billingInfo: YEARLY,
        siteId: DEMO_SITES.customerAMain,
      },
      { catalogProductId: PRODUCTS.mailboxBasic, billingInfo: YEARLY },
    ]);

  describe('Get Package', () => {
    it('returns the wrapped package to its account', async () => {
      const pkg = await createTwoInstancePackage();
      const result = await harness.call('GET', `/resellers/v1/packages/${pkg.id}`);
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ package: pkg });
    });

    it('404 NOT_FOUND for another account, the same as for an unknown id', async () => {
      const pkg = await createTwoInstancePackage();
      const foreign = await harness.call('GET', `/resellers/v1/packages/${pkg.id}`, {
        account: DEMO_ACCOUNTS.customerB,
      });
      const other = await harness.call('GET', `/resellers/v1/packages/${pkg.id}`, {
        account: DEMO_ACCOUNTS.otherReseller,
      });
      const unknown = await harness.call(
        'GET',
        '/resellers/v1/packages/00000000-0000-4000-8000-000000000000',
      );
      for (const result of [foreign, other, unknown]) {
        expect(result.status).toBe(404);
        expect(codeOf(result)).toBe('NOT_FOUND');
      }
    });

    it('lets the parent account read a sub-account package (configurable)', async () => {
      const pkg = await createTwoInstancePackage();
      const parent = await harness.call('GET', `/resellers/v1/packages/${pkg.id}`, {
        account: DEMO_ACCOUNTS.reseller,
      });
      expect(parent.status).toBe(200);

      const strict = await EmulatorHarness.start({ allowParentAccess: false });
      try {
        const own = await strict.createOk([{ catalogProductId: PRODUCTS.seoSetup }]);
        const denied = await strict.call('GET', `/resellers/v1/packages/${own.id}`, {
          account: DEMO_ACCOUNTS.reseller,
        });
        expect(denied.status).toBe(404);
      } finally {
        await strict.close();
      }
    });

    it('400 for a path id that is not a GUID', async () => {
      const result = await harness.call('GET', '/resellers/v1/packages/not-a-guid');
      expect(result.status).toBe(400);
      expect(violatedFields(result)).toEqual(['packageId']);
    });
  });

  describe('Cancel Package', () => {
    it('cancels every active instance, bumps updatedDate, and the package stays readable', async () => {
      const pkg = await createTwoInstancePackage();
      const result = await harness.call('DELETE', `/resellers/v1/packages/${pkg.id}`);
      expect(result.status).toBe(200);
      const canceled = result.body.package as WixPackage;
      expect(canceled.productInstances.map((i) => i.status)).toEqual(['CANCELED', 'CANCELED']);
      expect(Date.parse(canceled.updatedDate)).toBeGreaterThan(Date.parse(pkg.updatedDate));
      expect(canceled.createdDate).toBe(pkg.createdDate);
      for (const instance of canceled.productInstances) {
        expect(instance.updatedDate).toBe(canceled.updatedDate);
      }
      const read = await harness.call('GET', `/resellers/v1/packages/${pkg.id}`);
      expect(read.body.package).toEqual(canceled);
    });

    it('leaves FAILED instances FAILED (with their failure)', async () => {
      const pkg = await createTwoInstancePackage();
      const failedId = pkg.productInstances[1]!.instanceId;
      harness.control.setInstanceStatus(failedId, 'FAILED', {
        code: 'DELIVERY_TIMEOUT',
        message: 'too slow',
      });
      const result = await harness.call('DELETE', `/resellers/v1/packages/${pkg.id}`);
      const [plan, mailbox] = result.body.package.productInstances;
      expect(plan.status).toBe('CANCELED');
      expect(mailbox).toMatchObject({
        status: 'FAILED',
        failure: { code: 'DELIVERY_TIMEOUT', message: 'too slow' },
      });
    });

    it('canceling twice is a 200 no-op by default, 428 when configured', async () => {
      const pkg = await createTwoInstancePackage();
      const first = await harness.call('DELETE', `/resellers/v1/packages/${pkg.id}`);
      const second = await harness.call('DELETE', `/resellers/v1/packages/${pkg.id}`);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);

      const strict = await EmulatorHarness.start({ cancelTwice: 'error' });
      try {
        const own = await strict.createOk([{ catalogProductId: PRODUCTS.seoSetup }]);
        expect((await strict.call('DELETE', `/resellers/v1/packages/${own.id}`)).status).toBe(200);
        const again = await strict.call('DELETE', `/resellers/v1/packages/${own.id}`);
        expect(again.status).toBe(428);
        expect(codeOf(again)).toBe('INCOMPATIBLE_PRODUCT_INSTANCE_STATUS');
      } finally {
        await strict.close();
      }
    });

    it('404 for another account', async () => {
      const pkg = await createTwoInstancePackage();
      const result = await harness.call('DELETE', `/resellers/v1/packages/${pkg.id}`, {
        account: DEMO_ACCOUNTS.customerB,
      });
      expect(result.status).toBe(404);
      expect(harness.control.getPackage(pkg.id)?.productInstances[0]?.status).toBe('PENDING');
    });
  });

  describe('Update Package External Id', () => {
    it('sets a percent-decoded externalId and answers with updatedPackage', async () => {
      const pkg = await createTwoInstancePackage();
      const externalId = 'crm/42 ü?&#';
      const result = await harness.call(
        'PATCH',
        `/resellers/v1/packages/update/${pkg.id}/${encodeURIComponent(externalId)}`,
      );
      expect(result.status).toBe(200);
      expect(Object.keys(result.body)).toEqual(['updatedPackage']);
      expect(result.body.updatedPackage.externalId).toBe(externalId);
      expect(Date.parse(result.body.updatedPackage.updatedDate)).toBeGreaterThan(
        Date.parse(pkg.updatedDate),
      );
      expect(result.body.updatedPackage.productInstances).toEqual(pkg.productInstances);
    });

    it('400 beyond 100 characters; 404 for another account', async () => {
      const pkg = await createTwoInstancePackage();
      const tooLong = await harness.call(
        'PATCH',
        `/resellers/v1/packages/update/${pkg.id}/${'x'.repeat(101)}`,
      );
      expect(tooLong.status).toBe(400);
      expect(violatedFields(tooLong)).toEqual(['externalId']);
      const foreign = await harness.call('PATCH', `/resellers/v1/packages/update/${pkg.id}/abc`, {
        account: DEMO_ACCOUNTS.otherReseller,
      });
      expect(foreign.status).toBe(404);
    });
  });

  describe('Query Packages scope', () => {
    it('returns the whole account tree of the header account, narrowed by an accountId filter', async () => {
      const a = await harness.createOk(
        [{ catalogProductId: PRODUCTS.seoSetup }],
        {},
        DEMO_ACCOUNTS.customerA,
      );
      const b = await harness.createOk(
        [{ catalogProductId: PRODUCTS.seoSetup }],
        {},
        DEMO_ACCOUNTS.customerB,
      );
      const r = await harness.createOk(
        [{ catalogProductId: PRODUCTS.seoSetup }],
        {},
        DEMO_ACCOUNTS.reseller,
      );
      await harness.createOk(
        [{ catalogProductId: PRODUCTS.seoSetup }],
        {},
        DEMO_ACCOUNTS.otherReseller,
      );

      const fromSub = await harness.call('POST', '/resellers/v1/packages/query', {
        account: DEMO_ACCOUNTS.customerB,
        body: { query: {} },
      });
      expect(fromSub.status).toBe(200);
      const ids = fromSub.body.packages.map((p: WixPackage) => p.id).sort();
      expect(ids).toEqual([a.id, b.id, r.id].sort());
      expect(fromSub.body.metadata.cursors).toEqual({});

      const narrowed = await harness.call('POST', '/resellers/v1/packages/query', {
        account: DEMO_ACCOUNTS.reseller,
        body: { query: { filter: { accountId: { $eq: DEMO_ACCOUNTS.customerA } } } },
      });
      expect(narrowed.body.packages.map((p: WixPackage) => p.id)).toEqual([a.id]);

      const other = await harness.call('POST', '/resellers/v1/packages/query', {
        account: DEMO_ACCOUNTS.otherReseller,
        body: { query: {} },
      });
      expect(other.body.packages).toHaveLength(1);
    });

    it('400 validationError when query is missing or invalid', async () => {
      const missing = await harness.call('POST', '/resellers/v1/packages/query', { body: {} });
      expect(missing.status).toBe(400);
      expect(missing.body.details.validationError.fieldViolations.length).toBeGreaterThan(0);
      const badSort = await harness.call('POST', '/resellers/v1/packages/query', {
        body: { query: { sort: [{ fieldName: 'externalId' }] } },
      });
      expect(badSort.status).toBe(400);
    });
  });
});

describe('emulator: demo seed over HTTP', () => {
  it('serves a few hundred demo packages, newest first, within the account tree', async () => {
    const emulator = await startEmulator({ seed: 'demo' });
    try {
      expect(emulator.control.packageCount()).toBeGreaterThan(200);
      const response = await fetch(`${emulator.url}/resellers/v1/packages/query`, {
        method: 'POST',
        headers: { authorization: 'k', 'wix-account-id': DEMO_ACCOUNTS.reseller },
        body: JSON.stringify({ query: { cursorPaging: { limit: 50 } } }),
      });
      const body = (await response.json()) as {
        packages: WixPackage[];
        metadata: { cursors: { next?: string } };
      };
      expect(body.packages).toHaveLength(50);
      expect(body.metadata.cursors.next).toEqual(expect.any(String));
      const created = body.packages.map((p) => Date.parse(p.createdDate));
      expect([...created].sort((x, y) => y - x)).toEqual(created);
      for (const pkg of body.packages) expect(pkg.accountId).not.toBe(DEMO_ACCOUNTS.otherReseller);
    } finally {
      await emulator.close();
    }
  });
});
