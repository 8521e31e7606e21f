/**
 * Reference-instance rules (contract: Create Package V2, emulator rules). Every refusal here carries the code
 * INVALID_REFERENCE_PRODUCT_INSTANCE, which is INVENTED by the emulator: Wix documents no
 * error for these cases.
 */
import type { WixPackage } from '../../../src/wix/wire-types';
import { EMULATOR_ONLY_CODES } from '../../../src/emulator';
import {
  codeOf,
  DEMO_ACCOUNTS,
  DEMO_SITES,
  EmulatorHarness,
  PRODUCTS,
  YEARLY,
} from './emulator-harness';

const INVENTED_CODE = 'INVALID_REFERENCE_PRODUCT_INSTANCE';

describe('emulator: reference product instances (invented error code)', () => {
  let harness: EmulatorHarness;
  beforeAll(async () => {
    harness = await EmulatorHarness.start();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.control.reset('empty'));

  it('the invented code is the one exported as emulator-only', () => {
    expect(EMULATOR_ONLY_CODES.invalidReference).toBe(INVENTED_CODE);
  });

  const planOn = (
    siteId: string,
    product: string = PRODUCTS.premiumBusiness,
  ): Promise<WixPackage> =>
    harness.createOk([{ catalogProductId: product, billingInfo: YEARLY, siteId }]);

  const domainWithReference = (
    referenceProductInstanceId: string,
    siteId: string = DEMO_SITES.customerAMain,
  ) =>
    harness.create([{ catalogProductId: PRODUCTS.domainCom, siteId, referenceProductInstanceId }]);

  it('redeems a Premium plan instance once; the referenced instance is unchanged', async () => {
    const plan = await planOn(DEMO_SITES.customerAMain);
    const planInstance = plan.productInstances[0]!;
    const first = await domainWithReference(planInstance.instanceId);
    expect(first.status).toBe(200);
    expect(first.body.package.productInstances[0].referenceProductInstanceId).toBe(
      planInstance.instanceId,
    );
    expect(harness.control.getPackage(plan.id)).toEqual(plan);

    await planOn(DEMO_SITES.customerABlog, PRODUCTS.premiumCore);
    const second = await domainWithReference(planInstance.instanceId, DEMO_SITES.customerABlog);
    expect([second.status, codeOf(second)]).toEqual([428, INVENTED_CODE]);
    expect(second.body.details.applicationError.data.reason).toBe('ALREADY_USED');
  });

  it('refuses the same reference twice within one request', async () => {
    const plan = await planOn(DEMO_SITES.customerAMain);
    const ref = plan.productInstances[0]!.instanceId;
    const result = await harness.create([
      { catalogProductId: PRODUCTS.domainCom, referenceProductInstanceId: ref },
      { catalogProductId: PRODUCTS.domainNet, referenceProductInstanceId: ref },
    ]);
    expect(result.body.details.applicationError.data.reason).toBe('ALREADY_USED');
  });

  it.each([
    ['ENABLED is accepted', 'ENABLED', 200, undefined],
    ['AWAITING_ACTION is refused', 'AWAITING_ACTION', 428, 'INCOMPATIBLE_STATUS'],
    ['FAILED is refused', 'FAILED', 428, 'INCOMPATIBLE_STATUS'],
  ] as const)('status: %s', async (_name, status, httpStatus, reason) => {
    const plan = await planOn(DEMO_SITES.customerAMain);
    const ref = plan.productInstances[0]!.instanceId;
    harness.control.setInstanceStatus(
      ref,
      status,
      status === 'FAILED' ? { code: 'DELIVERY_TIMEOUT', message: 'late' } : undefined,
    );
    const result = await harness.create([
      { catalogProductId: PRODUCTS.domainCom, referenceProductInstanceId: ref },
    ]);
    expect(result.status).toBe(httpStatus);
    if (reason) expect(result.body.details.applicationError.data.reason).toBe(reason);
  });

  it('refuses a CANCELED reference', async () => {
    const plan = await planOn(DEMO_SITES.customerAMain);
    await harness.call('DELETE', `/resellers/v1/packages/${plan.id}`);
    const result = await harness.create([
      {
        catalogProductId: PRODUCTS.domainCom,
        referenceProductInstanceId: plan.productInstances[0]!.instanceId,
      },
    ]);
    expect(result.body.details.applicationError.data.reason).toBe('INCOMPATIBLE_STATUS');
  });

  it('unknown ids and instances of another account tree are "not found"; the same tree is fine', async () => {
    const unknown = await harness.create([
      {
        catalogProductId: PRODUCTS.domainCom,
        referenceProductInstanceId: '00000000-0000-4000-8000-000000000001',
      },
    ]);
    expect([unknown.status, codeOf(unknown)]).toEqual([428, INVENTED_CODE]);
    expect(unknown.body.details.applicationError.data.reason).toBe('NOT_FOUND');

    const foreignPlan = await harness.createOk(
      [{ catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY }],
      {},
      DEMO_ACCOUNTS.otherReseller,
    );
    const foreign = await harness.create([
      {
        catalogProductId: PRODUCTS.domainCom,
        referenceProductInstanceId: foreignPlan.productInstances[0]!.instanceId,
      },
    ]);
    expect(foreign.body.details.applicationError.data.reason).toBe('NOT_FOUND');

    const siblingPlan = await harness.createOk(
      [{ catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY }],
      {},
      DEMO_ACCOUNTS.customerB,
    );
    const sibling = await harness.create([
      {
        catalogProductId: PRODUCTS.domainCom,
        referenceProductInstanceId: siblingPlan.productInstances[0]!.instanceId,
      },
    ]);
    expect(sibling.status).toBe(200);
  });

  it('refuses products whose canBeReference is false, and products that cannot redeem', async () => {
    const light = await harness.createOk([
      { catalogProductId: PRODUCTS.premiumLight, billingInfo: YEARLY },
    ]);
    const notReference = await harness.create([
      {
        catalogProductId: PRODUCTS.domainCom,
        referenceProductInstanceId: light.productInstances[0]!.instanceId,
      },
    ]);
    expect(notReference.body.details.applicationError.data.reason).toBe('NOT_A_REFERENCE_PRODUCT');

    const plan = await harness.createOk([
      { catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY },
    ]);
    const mailbox = await harness.create([
      {
        catalogProductId: PRODUCTS.mailboxBasic,
        billingInfo: YEARLY,
        referenceProductInstanceId: plan.productInstances[0]!.instanceId,
      },
    ]);
    expect(mailbox.body.details.applicationError.data.reason).toBe('PRODUCT_CANNOT_REDEEM');
  });
});
