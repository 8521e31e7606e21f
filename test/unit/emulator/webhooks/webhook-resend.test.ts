import { WIX_RESEND_DELAYS_MS } from '../../../../src/emulator';
import { WebhookReceiver } from '../../../helpers/webhook-receiver';
import { EmulatorHarness, PRODUCTS, YEARLY } from '../emulator-harness';
import { decodeWebhook } from './decode-webhook';

/** 46 h 46 min of resends pass in about 0.3 s. */
const FAST = 600_000;

describe("emulator webhooks: Wix's resend policy, time-compressed", () => {
  let receiver: WebhookReceiver;
  let harness: EmulatorHarness;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    harness = await EmulatorHarness.start({
      webhooks: { url: receiver.url, timeCompression: FAST, timeoutMs: 300 },
    });
  });
  afterAll(async () => {
    await harness.close();
    await receiver.close();
  });
  beforeEach(() => {
    harness.control.reset();
    harness.control.configureWebhooks({ maxResends: 12 });
    receiver.received.length = 0;
    receiver.answerWith(() => 200);
  });

  const create = () =>
    harness.createOk([{ catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY }]);

  it('resends on non-2xx answers with the same token until accepted', async () => {
    receiver.answerWith((index) => (index < 2 ? 500 : 204));
    await create();
    await harness.control.whenWebhooksIdle();
    expect(receiver.received.map((r) => r.answeredWith)).toEqual([500, 500, 204]);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(
      harness.control.webhookDeliveries().map((d) => [d.attempt, d.outcome, d.status]),
    ).toEqual([
      [1, 'rejected', 500],
      [2, 'rejected', 500],
      [3, 'delivered', 204],
    ]);
  });

  it('treats no answer within the timeout as a failure and resends', async () => {
    receiver.answerWith((index) => (index === 0 ? 'hang' : 200));
    await create();
    await harness.control.whenWebhooksIdle();
    expect(harness.control.webhookDeliveries().map((d) => [d.attempt, d.outcome])).toEqual([
      [1, 'timeout'],
      [2, 'delivered'],
    ]);
  });

  it('gives up after 12 resends (13 attempts) and keeps delivering later events', async () => {
    receiver.answerWith(() => 503);
    await create();
    await harness.control.whenWebhooksIdle();
    const attempts = harness.control.webhookDeliveries();
    expect(WIX_RESEND_DELAYS_MS).toHaveLength(12);
    expect(attempts).toHaveLength(13);
    expect(attempts.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(attempts.filter((d) => d.gaveUp).map((d) => d.attempt)).toEqual([13]);

    receiver.answerWith(() => 200);
    await create();
    await harness.control.whenWebhooksIdle();
    expect(harness.control.webhookDeliveries().at(-1)).toMatchObject({
      attempt: 1,
      outcome: 'delivered',
    });
  });

  it('honours a smaller maxResends and reports a refused connection as a network error', async () => {
    harness.control.configureWebhooks({ maxResends: 1 });
    const closed = await WebhookReceiver.start();
    const deadUrl = closed.url;
    await closed.close();
    harness.control.setWebhookTarget(deadUrl);
    try {
      await create();
      await harness.control.whenWebhooksIdle();
      expect(
        harness.control.webhookDeliveries().map((d) => [d.outcome, d.gaveUp ?? false]),
      ).toEqual([
        ['network-error', false],
        ['network-error', true],
      ]);
    } finally {
      harness.control.setWebhookTarget(receiver.url);
    }
  });

  it('spaces resends by the compressed schedule (a larger factor, a shorter wait)', async () => {
    // Compression 60 000: the first resend waits 1 min / 60 000 = 1 ms, the second 5 ms, the third 10 ms.
    harness.control.configureWebhooks({ timeCompression: 60_000, maxResends: 3 });
    receiver.answerWith(() => 500);
    try {
      await create();
      await harness.control.whenWebhooksIdle();
      const times = harness.control.webhookDeliveries().map((d) => Date.parse(d.at));
      expect(times).toHaveLength(4);
      // Each gap is at least the compressed wait (timers never fire early).
      expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(5);
      expect(times[3]! - times[2]!).toBeGreaterThanOrEqual(10);
    } finally {
      harness.control.configureWebhooks({ timeCompression: FAST });
    }
  });
});

describe('emulator webhooks: fault modes, deterministic with the seed', () => {
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.received.length = 0;
  });

  async function withEmulator(
    faults: Record<string, number>,
    run: (harness: EmulatorHarness) => Promise<void>,
    seed = 1,
  ): Promise<void> {
    const harness = await EmulatorHarness.start({
      webhooks: { url: receiver.url, faults, seed },
    });
    try {
      await run(harness);
    } finally {
      await harness.close();
    }
  }

  async function slugsReceived(harness: EmulatorHarness, count: number): Promise<string[]> {
    const received = await receiver.waitFor(count);
    const pem = harness.control.webhookPublicKeyPem();
    const decoded = await Promise.all(received.map((r) => decodeWebhook(r.body, pem)));
    return decoded.map((d) => `${d.event.slug}:${d.event.id}`);
  }

  it('duplicates: every event arrives twice with the same id', async () => {
    await withEmulator({ duplicateRate: 1 }, async (harness) => {
      const pkg = await harness.createOk([
        { catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY },
      ]);
      harness.control.setInstanceStatus(pkg.productInstances[0]!.instanceId, 'ENABLED');
      await harness.control.whenWebhooksIdle();
      const [created, updated] = harness.control.domainEvents();
      expect(await slugsReceived(harness, 4)).toEqual([
        `created:${created!.id}`,
        `created:${created!.id}`,
        `product_instance_updated:${updated!.id}`,
        `product_instance_updated:${updated!.id}`,
      ]);
      expect(harness.control.webhookDeliveries().map((d) => d.fault ?? '-')).toEqual([
        '-',
        'duplicate',
        '-',
        'duplicate',
      ]);
    });
  });

  it('out of order: a held event arrives after the next one', async () => {
    await withEmulator({ outOfOrderRate: 1, holdMs: 30_000 }, async (harness) => {
      const pkg = await harness.createOk([
        { catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY },
      ]);
      harness.control.setInstanceStatus(pkg.productInstances[0]!.instanceId, 'ENABLED');
      const slugs = (await slugsReceived(harness, 2)).map((s) => s.split(':')[0]);
      expect(slugs).toEqual(['product_instance_updated', 'created']);
      await harness.control.whenWebhooksIdle();
    });
  });

  it('out of order: a held event with no successor is still delivered', async () => {
    await withEmulator({ outOfOrderRate: 1, holdMs: 20 }, async (harness) => {
      await harness.createOk([{ catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY }]);
      await harness.control.whenWebhooksIdle();
      expect(harness.control.webhookDeliveries()).toEqual([
        expect.objectContaining({ slug: 'created', outcome: 'delivered', fault: 'out-of-order' }),
      ]);
    });
  });

  it('delayed: a delayed event is overtaken by a later one', async () => {
    await withEmulator({ delayRate: 1, delayMs: 2000 }, async (harness) => {
      const pkg = await harness.createOk([
        { catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY },
      ]);
      harness.control.configureWebhooks({ faults: { delayRate: 0 } });
      harness.control.setInstanceStatus(pkg.productInstances[0]!.instanceId, 'ENABLED');
      const slugs = (await slugsReceived(harness, 2)).map((s) => s.split(':')[0]);
      expect(slugs).toEqual(['product_instance_updated', 'created']);
      await harness.control.whenWebhooksIdle();
    });
  });

  it('the same seed gives the same faults, another seed other faults', async () => {
    const faultsWith = async (seed: number): Promise<string[]> => {
      let faults: string[] = [];
      await withEmulator(
        { duplicateRate: 0.3, outOfOrderRate: 0.3 },
        async (harness) => {
          for (let i = 0; i < 12; i++) {
            await harness.createOk([
              { catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY },
            ]);
          }
          await harness.control.whenWebhooksIdle();
          // Per event (in event order), the faults its copies got: independent of timing.
          const deliveries = harness.control.webhookDeliveries();
          faults = harness.control.domainEvents().map((event) =>
            deliveries
              .filter((d) => d.eventId === event.id)
              .map((d) => d.fault ?? '-')
              .sort()
              .join('+'),
          );
        },
        seed,
      );
      return faults;
    };
    const first = await faultsWith(7);
    expect(first.some((f) => f.includes('duplicate'))).toBe(true);
    expect(first.some((f) => f.includes('out-of-order'))).toBe(true);
    expect(await faultsWith(7)).toEqual(first);
    expect(await faultsWith(8)).not.toEqual(first);
  });
});
