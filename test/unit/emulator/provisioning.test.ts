import type { WixInstanceStatus } from '../../../src/wix/wire-types';
import { WebhookReceiver } from '../../helpers/webhook-receiver';
import { DEMO_SITES, EmulatorHarness, PRODUCTS, YEARLY } from './emulator-harness';
import { decodeWebhook } from './webhooks/decode-webhook';

/** Polls the emulator until `instanceId` is no longer PENDING (a deadline, no fixed sleep). */
async function settledStatus(
  harness: EmulatorHarness,
  packageId: string,
  instanceId: string,
): Promise<WixInstanceStatus> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const instance = harness.control
      .getPackage(packageId)
      ?.productInstances.find((i) => i.instanceId === instanceId);
    if (instance && instance.status !== 'PENDING') return instance.status;
    if (Date.now() > deadline) throw new Error(`${instanceId} still PENDING`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const TEN_PLANS = Array.from({ length: 10 }, () => ({
  catalogProductId: PRODUCTS.premiumCore,
  billingInfo: YEARLY,
}));

describe('emulator: simulated provisioning', () => {
  it('is off by default: instances stay PENDING and only the created event exists', async () => {
    const harness = await EmulatorHarness.start();
    try {
      expect(harness.control.provisioning()).toBeUndefined();
      expect((await harness.call('GET', '/_emulator/provisioning')).body).toEqual({
        settings: null,
      });
      await harness.createOk([{ catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY }]);
      expect(harness.control.domainEvents().map((e) => e.slug)).toEqual(['created']);
    } finally {
      await harness.close();
    }
  });

  it('moves PENDING to ENABLED after the delay and reports product_instance_updated by webhook', async () => {
    const receiver = await WebhookReceiver.start();
    const harness = await EmulatorHarness.start({
      provisioning: { delayMs: 20 },
      webhooks: { url: receiver.url },
    });
    try {
      const pkg = await harness.createOk([
        { catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY },
      ]);
      const instanceId = pkg.productInstances[0]!.instanceId;
      expect(pkg.productInstances[0]!.status).toBe('PENDING');
      expect(await settledStatus(harness, pkg.id, instanceId)).toBe('ENABLED');
      const received = await receiver.waitFor(2);
      const pem = harness.control.webhookPublicKeyPem();
      const updated = await decodeWebhook(received[1]!.body, pem);
      expect(updated.event.slug).toBe('product_instance_updated');
      expect(updated.body.productInstanceId).toBe(instanceId);
      expect(updated.body.package.productInstances[0]!.status).toBe('ENABLED');
    } finally {
      await harness.close();
      await receiver.close();
    }
  });

  it('sends the configured shares to FAILED (with a reason) and AWAITING_ACTION', async () => {
    const harness = await EmulatorHarness.start({ provisioning: { delayMs: 1, failedShare: 1 } });
    try {
      const pkg = await harness.createOk(TEN_PLANS.slice(0, 3));
      for (const instance of pkg.productInstances) {
        expect(await settledStatus(harness, pkg.id, instance.instanceId)).toBe('FAILED');
      }
      const failed = harness.control
        .domainEvents()
        .filter((e) => e.slug === 'product_instance_failed');
      expect(failed).toHaveLength(3);
      for (const event of failed) {
        const body = JSON.parse(event.actionEvent!.bodyAsJson);
        expect(['DELIVERY_TIMEOUT', 'EXTERNAL_FAILURE']).toContain(body.reason.code);
        expect(body.reason.message).toEqual(expect.any(String));
        const instance = body.package.productInstances.find(
          (i: { instanceId: string }) => i.instanceId === body.productInstanceId,
        );
        expect(instance.failure).toEqual(body.reason);
      }

      harness.control.setProvisioning({ delayMs: 1, awaitingActionShare: 1 });
      const waiting = await harness.createOk(TEN_PLANS.slice(0, 2));
      for (const instance of waiting.productInstances) {
        expect(await settledStatus(harness, waiting.id, instance.instanceId)).toBe(
          'AWAITING_ACTION',
        );
      }
    } finally {
      await harness.close();
    }
  });

  it('draws the same outcomes for the same seed, and other outcomes for another seed', async () => {
    const outcomes = async (seed: number): Promise<string[]> => {
      const harness = await EmulatorHarness.start({
        provisioning: { delayMs: 1, jitterMs: 5, failedShare: 0.3, awaitingActionShare: 0.3, seed },
      });
      try {
        const pkg = await harness.createOk(TEN_PLANS);
        const statuses: string[] = [];
        for (const instance of pkg.productInstances) {
          statuses.push(await settledStatus(harness, pkg.id, instance.instanceId));
        }
        return statuses;
      } finally {
        await harness.close();
      }
    };
    const first = await outcomes(3);
    expect(new Set(first)).toEqual(new Set(['ENABLED', 'FAILED', 'AWAITING_ACTION']));
    expect(await outcomes(3)).toEqual(first);
    expect(await outcomes(4)).not.toEqual(first);
  });

  it('leaves an instance canceled before its turn alone', async () => {
    const harness = await EmulatorHarness.start({ provisioning: { delayMs: 150 } });
    try {
      const pkg = await harness.createOk([
        { catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY },
        { catalogProductId: PRODUCTS.mailboxBasic, billingInfo: YEARLY },
      ]);
      const [plan, mailbox] = pkg.productInstances.map((i) => i.instanceId) as [string, string];
      const cancel = await harness.call(
        'DELETE',
        `/resellers/v1/packages/product-instances/${plan}`,
      );
      expect(cancel.status).toBe(200);
      expect(await settledStatus(harness, pkg.id, mailbox)).toBe('ENABLED');
      expect(harness.control.getPackage(pkg.id)!.productInstances[0]!.status).toBe('CANCELED');
      expect(harness.control.domainEvents().map((e) => e.slug)).toEqual([
        'created',
        'product_instance_canceled',
        'product_instance_updated',
      ]);
    } finally {
      await harness.close();
    }
  });

  it('is configured through the admin route, which validates and can turn it off', async () => {
    const harness = await EmulatorHarness.start();
    try {
      const bad = await harness.call('PUT', '/_emulator/provisioning', {
        body: { delayMs: -1, failedShare: 0.8, awaitingActionShare: 0.5, colour: 'red' },
      });
      expect(bad.status).toBe(400);
      const text = JSON.stringify(bad.body);
      expect(text).toMatch(/delayMs must be/);
      expect(text).toMatch(/must not exceed 1/);
      expect(text).toMatch(/unknown field colour/);

      const put = await harness.call('PUT', '/_emulator/provisioning', { body: { delayMs: 5 } });
      expect(put.status).toBe(200);
      expect(put.body.settings).toEqual({
        delayMs: 5,
        jitterMs: 0,
        failedShare: 0,
        awaitingActionShare: 0,
        seed: 1,
      });
      const pkg = await harness.createOk([
        {
          catalogProductId: PRODUCTS.premiumCore,
          billingInfo: YEARLY,
          siteId: DEMO_SITES.customerAMain,
        },
      ]);
      expect(await settledStatus(harness, pkg.id, pkg.productInstances[0]!.instanceId)).toBe(
        'ENABLED',
      );
      expect((await harness.call('DELETE', '/_emulator/provisioning')).body).toEqual({
        settings: null,
      });
      expect(harness.control.provisioning()).toBeUndefined();
    } finally {
      await harness.close();
    }
  });
});
