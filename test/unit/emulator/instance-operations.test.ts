import type { WixPackage } from '../../../src/wix/wire-types';
import { UNKNOWN_PRODUCT_ID, UNKNOWN_SITE_ID } from '../../../src/emulator';
import {
  codeOf,
  DEMO_ACCOUNTS,
  DEMO_SITES,
  EmulatorHarness,
  MONTHLY,
  PRODUCTS,
  YEARLY,
} from './emulator-harness';

const MISSING_INSTANCE = '00000000-0000-4000-8000-0000000000ff';

describe('emulator: product-instance endpoints', () => {
  let harness: EmulatorHarness;
  beforeAll(async () => {
    harness = await EmulatorHarness.start();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.control.reset('empty'));

  const floatingPlan = async (): Promise<{ pkg: WixPackage; instanceId: string }> => {
    const pkg = await harness.createOk([
      { catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY },
      { catalogProductId: PRODUCTS.mailboxBasic, billingInfo: YEARLY },
    ]);
    return { pkg, instanceId: pkg.productInstances[0]!.instanceId };
  };
  const instancePath = (instanceId: string, suffix = ''): string =>
    `/resellers/v1/packages/product-instances/${instanceId}${suffix}`;

  describe('Assign / Unassign', () => {
    it('assigns a floating instance, reassigns it, unassigns it; status and the other instance unchanged', async () => {
      const { pkg, instanceId } = await floatingPlan();
      const assigned = await harness.call(
        'PATCH',
        instancePath(instanceId, `/${DEMO_SITES.customerAMain}`),
      );
      expect(assigned.status).toBe(200);
      const [plan, mailbox] = assigned.body.package.productInstances;
      expect(plan).toMatchObject({ siteId: DEMO_SITES.customerAMain, status: 'PENDING' });
      expect(Date.parse(plan.updatedDate)).toBeGreaterThan(Date.parse(pkg.updatedDate));
      expect(mailbox).toEqual(pkg.productInstances[1]);

      const reassigned = await harness.call(
        'PATCH',
        instancePath(instanceId, `/${DEMO_SITES.customerABlog}`),
      );
      expect(reassigned.body.package.productInstances[0].siteId).toBe(DEMO_SITES.customerABlog);

      const unassigned = await harness.call('PATCH', instancePath(instanceId, '/unassign'));
      expect(unassigned.status).toBe(200);
      expect(unassigned.body.package.productInstances[0]).not.toHaveProperty('siteId');
      expect(unassigned.body.package.productInstances[0].status).toBe('PENDING');
    });

    it('unassigning a floating instance is a 200 no-op', async () => {
      const { pkg, instanceId } = await floatingPlan();
      const result = await harness.call('PATCH', instancePath(instanceId, '/unassign'));
      expect(result.status).toBe(200);
      expect(result.body.package).toEqual(pkg);
    });

    it('applies the site rules: SITE_NOT_FOUND, PRODUCT_TYPE_ALREADY_ASSIGNED, PRODUCT_NOT_SUPPORTED_ON_SITE', async () => {
      const { instanceId } = await floatingPlan();
      const foreignSite = await harness.call(
        'PATCH',
        instancePath(instanceId, `/${DEMO_SITES.customerBMain}`),
      );
      expect([foreignSite.status, codeOf(foreignSite)]).toEqual([404, 'SITE_NOT_FOUND']);
      const unknownSite = await harness.call(
        'PATCH',
        instancePath(instanceId, `/${UNKNOWN_SITE_ID}`),
      );
      expect(codeOf(unknownSite)).toBe('SITE_NOT_FOUND');

      await harness.createOk([
        {
          catalogProductId: PRODUCTS.premiumBusiness,
          billingInfo: YEARLY,
          siteId: DEMO_SITES.customerAShop,
        },
      ]);
      const taken = await harness.call(
        'PATCH',
        instancePath(instanceId, `/${DEMO_SITES.customerAShop}`),
      );
      expect([taken.status, codeOf(taken)]).toEqual([428, 'PRODUCT_TYPE_ALREADY_ASSIGNED']);

      const domain = await harness.createOk([{ catalogProductId: PRODUCTS.domainCom }]);
      const noPlan = await harness.call(
        'PATCH',
        instancePath(domain.productInstances[0]!.instanceId, `/${DEMO_SITES.customerABlog}`),
      );
      expect([noPlan.status, codeOf(noPlan)]).toEqual([428, 'PRODUCT_NOT_SUPPORTED_ON_SITE']);
    });

    it('428 INCOMPATIBLE_PRODUCT_INSTANCE_STATUS on CANCELED or FAILED instances', async () => {
      const { pkg, instanceId } = await floatingPlan();
      await harness.call('DELETE', instancePath(instanceId));
      const canceled = await harness.call(
        'PATCH',
        instancePath(instanceId, `/${DEMO_SITES.customerAMain}`),
      );
      expect([canceled.status, codeOf(canceled)]).toEqual([
        428,
        'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS',
      ]);
      const failedId = pkg.productInstances[1]!.instanceId;
      harness.control.setInstanceStatus(failedId, 'FAILED', {
        code: 'EXTERNAL_FAILURE',
        message: 'x',
      });
      const failed = await harness.call('PATCH', instancePath(failedId, '/unassign'));
      expect(codeOf(failed)).toBe('INCOMPATIBLE_PRODUCT_INSTANCE_STATUS');
    });

    it('404 NOT_FOUND for unknown and foreign instances', async () => {
      const { instanceId } = await floatingPlan();
      const foreign = await harness.call('PATCH', instancePath(instanceId, '/unassign'), {
        account: DEMO_ACCOUNTS.otherReseller,
      });
      const unknown = await harness.call(
        'PATCH',
        instancePath(MISSING_INSTANCE, `/${DEMO_SITES.customerAMain}`),
      );
      expect([foreign.status, codeOf(foreign)]).toEqual([404, 'NOT_FOUND']);
      expect([unknown.status, codeOf(unknown)]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('Cancel Product Instance', () => {
    it('cancels only that instance and returns its package', async () => {
      const { instanceId } = await floatingPlan();
      const result = await harness.call('DELETE', instancePath(instanceId));
      expect(result.status).toBe(200);
      expect(result.body.package.productInstances.map((i: { status: string }) => i.status)).toEqual(
        ['CANCELED', 'PENDING'],
      );
      const again = await harness.call('DELETE', instancePath(instanceId));
      expect(again.status).toBe(200);
      expect(again.body).toEqual(result.body);
    });

    it('keeps a FAILED instance FAILED', async () => {
      const { instanceId } = await floatingPlan();
      harness.control.setInstanceStatus(instanceId, 'FAILED', { code: 'UNKNOWN', message: 'm' });
      const result = await harness.call('DELETE', instancePath(instanceId));
      expect(result.status).toBe(200);
      expect(result.body.package.productInstances[0].status).toBe('FAILED');
    });

    it('404 for another account', async () => {
      const { instanceId } = await floatingPlan();
      const result = await harness.call('DELETE', instancePath(instanceId), {
        account: DEMO_ACCOUNTS.customerB,
      });
      expect(result.status).toBe(404);
    });
  });

  describe('Adjust Product Instance', () => {
    it('upgrades to another product of the same type, changes the cycle, keeps instanceId', async () => {
      const { instanceId } = await floatingPlan();
      const result = await harness.call('PATCH', instancePath(instanceId), {
        body: {
          catalogProductId: PRODUCTS.premiumBusiness,
          billingInfo: MONTHLY,
          discountCode: 'UP10',
        },
      });
      expect(result.status).toBe(200);
      expect(result.body.package.productInstances[0]).toMatchObject({
        instanceId,
        catalogProductId: PRODUCTS.premiumBusiness,
        billingInfo: MONTHLY,
        discountCode: 'UP10',
        status: 'PENDING',
      });
    });

    it('keeps the current cycle when the new product allows it; ignores discountCode without a product', async () => {
      const { instanceId } = await floatingPlan();
      const upgraded = await harness.call('PATCH', instancePath(instanceId), {
        body: { catalogProductId: PRODUCTS.premiumBusinessElite },
      });
      expect(upgraded.body.package.productInstances[0].billingInfo).toEqual(YEARLY);
      const cycleOnly = await harness.call('PATCH', instancePath(instanceId), {
        body: {
          billing_info: { type: 'RECURRING', cycle_duration: { unit: 'YEAR', count: 2 } },
          discountCode: 'NOPE',
        },
      });
      expect(cycleOnly.status).toBe(200);
      expect(cycleOnly.body.package.productInstances[0].billingInfo.cycleDuration.count).toBe(2);
      expect(cycleOnly.body.package.productInstances[0]).not.toHaveProperty('discountCode');
    });

    it.each([
      ['no details', {}],
      ['RECURRING without cycleDuration', { billingInfo: { type: 'RECURRING' } }],
    ])('428 MISSING_PRODUCT_DETAILS: %s', async (_name, body) => {
      const { instanceId } = await floatingPlan();
      const result = await harness.call('PATCH', instancePath(instanceId), { body });
      expect([result.status, codeOf(result)]).toEqual([428, 'MISSING_PRODUCT_DETAILS']);
    });

    it('428 PRODUCT_INSTANCE_NOT_FOUND for unknown and for foreign instances (not 404)', async () => {
      const { instanceId } = await floatingPlan();
      const unknown = await harness.call('PATCH', instancePath(MISSING_INSTANCE), {
        body: { billingInfo: MONTHLY },
      });
      const foreign = await harness.call('PATCH', instancePath(instanceId), {
        account: DEMO_ACCOUNTS.otherReseller,
        body: { billingInfo: MONTHLY },
      });
      expect([unknown.status, codeOf(unknown)]).toEqual([428, 'PRODUCT_INSTANCE_NOT_FOUND']);
      expect([foreign.status, codeOf(foreign)]).toEqual([428, 'PRODUCT_INSTANCE_NOT_FOUND']);
    });

    it('428 INCOMPATIBLE_PRODUCT for another product type; 404 PRODUCT_NOT_FOUND for an unknown product', async () => {
      const { instanceId } = await floatingPlan();
      const otherType = await harness.call('PATCH', instancePath(instanceId), {
        body: { catalogProductId: PRODUCTS.mailboxBusiness, billingInfo: YEARLY },
      });
      expect([otherType.status, codeOf(otherType)]).toEqual([428, 'INCOMPATIBLE_PRODUCT']);
      const unknown = await harness.call('PATCH', instancePath(instanceId), {
        body: { catalogProductId: UNKNOWN_PRODUCT_ID },
      });
      expect([unknown.status, codeOf(unknown)]).toEqual([404, 'PRODUCT_NOT_FOUND']);
    });

    it('applies the billing and product rules of the target product', async () => {
      const { instanceId } = await floatingPlan();
      const incompatible = await harness.call('PATCH', instancePath(instanceId), {
        body: { catalogProductId: PRODUCTS.premiumBusinessElite, billingInfo: MONTHLY },
      });
      expect(codeOf(incompatible)).toBe('INCOMPATIBLE_BILLING_CYCLE');
      const invalid = await harness.call('PATCH', instancePath(instanceId), {
        body: { billingInfo: { type: 'UNKNOWN' } },
      });
      expect(codeOf(invalid)).toBe('INVALID_BILLING_CYCLE');
      const notResellable = await harness.call('PATCH', instancePath(instanceId), {
        body: { catalogProductId: PRODUCTS.internalPlan },
      });
      expect(codeOf(notResellable)).toBe('INVALID_PRODUCTS');

      const monthlyMailbox = await harness.createOk([
        { catalogProductId: PRODUCTS.mailboxBasic, billingInfo: MONTHLY },
      ]);
      await harness.call('PATCH', instancePath(monthlyMailbox.productInstances[0]!.instanceId), {
        body: { billingInfo: MONTHLY },
      });
      const lightPlan = await harness.createOk([
        { catalogProductId: PRODUCTS.premiumLight, billingInfo: MONTHLY },
      ]);
      const missing = await harness.call(
        'PATCH',
        instancePath(lightPlan.productInstances[0]!.instanceId),
        {
          body: { catalogProductId: PRODUCTS.premiumBusinessElite },
        },
      );
      expect([missing.status, codeOf(missing)]).toEqual([428, 'MISSING_BILLING_CYCLE']);
    });

    it('428 INCOMPATIBLE_PRODUCT_INSTANCE_STATUS for CANCELED and FAILED instances', async () => {
      const { pkg, instanceId } = await floatingPlan();
      await harness.call('DELETE', instancePath(instanceId));
      const canceled = await harness.call('PATCH', instancePath(instanceId), {
        body: { billingInfo: MONTHLY },
      });
      expect([canceled.status, codeOf(canceled)]).toEqual([
        428,
        'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS',
      ]);
      const mailboxId = pkg.productInstances[1]!.instanceId;
      harness.control.setInstanceStatus(mailboxId, 'FAILED', { code: 'UNKNOWN', message: 'm' });
      const failed = await harness.call('PATCH', instancePath(mailboxId), {
        body: { billingInfo: MONTHLY },
      });
      expect(codeOf(failed)).toBe('INCOMPATIBLE_PRODUCT_INSTANCE_STATUS');
    });

    it('400 for a discountCode longer than 25 characters', async () => {
      const { instanceId } = await floatingPlan();
      const result = await harness.call('PATCH', instancePath(instanceId), {
        body: { catalogProductId: PRODUCTS.premiumBusiness, discountCode: 'x'.repeat(26) },
      });
      expect(result.status).toBe(400);
    });
  });
});
