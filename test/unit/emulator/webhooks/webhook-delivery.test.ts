import { generateKeyPairSync } from 'node:crypto';
import { WIX_PACKAGES_ENTITY_FQDN } from '../../../../src/wix/wire-types';
import { WebhookReceiver } from '../../../helpers/webhook-receiver';
import { DEMO_ACCOUNTS, DEMO_SITES, EmulatorHarness, PRODUCTS, YEARLY } from '../emulator-harness';
import { decodeWebhook, type DecodedWebhook } from './decode-webhook';

describe('emulator webhooks: one signed DomainEvent per change', () => {
  let receiver: WebhookReceiver;
  let harness: EmulatorHarness;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    harness = await EmulatorHarness.start({ webhooks: { url: receiver.url } });
  });
  afterAll(async () => {
    await harness.close();
    await receiver.close();
  });
  beforeEach(() => {
    harness.control.reset();
    receiver.received.length = 0;
  });

  async function decodedAll(count: number): Promise<DecodedWebhook[]> {
    const received = await receiver.waitFor(count);
    const pem = harness.control.webhookPublicKeyPem();
    return Promise.all(received.map((webhook) => decodeWebhook(webhook.body, pem)));
  }

  it('delivers a created event as Wix would: RS256 JWT, envelope and DomainEvent as JSON strings', async () => {
    const pkg = await harness.createOk([
      { catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY },
    ]);
    const [webhook] = await decodedAll(1);
    const { envelope, event, header } = webhook!;
    expect(header.alg).toBe('RS256');
    expect(envelope.eventType).toBe(`${WIX_PACKAGES_ENTITY_FQDN}_created`);
    expect(typeof envelope.instanceId).toBe('string');
    expect(JSON.parse(envelope.identity)).toEqual({
      identityType: 'APP',
      appId: expect.any(String),
    });
    expect(envelope.accountInfo).toEqual({
      accountId: DEMO_ACCOUNTS.customerA,
      parentAccountId: DEMO_ACCOUNTS.reseller,
    });
    expect(event).toMatchObject({
      entityFqdn: WIX_PACKAGES_ENTITY_FQDN,
      slug: 'created',
      entityId: pkg.id,
      eventTime: pkg.updatedDate,
      entityEventSequence: String(Date.parse(pkg.updatedDate)),
    });
    expect(JSON.parse(event.createdEvent!.entityAsJson)).toEqual(pkg);
    expect(event.actionEvent).toBeUndefined();
    expect(receiver.received[0]!.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('reports every kind of change with its body, the sequence increasing per package', async () => {
    const pkg = await harness.createOk([
      { catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY },
      { catalogProductId: PRODUCTS.mailboxBasic, billingInfo: YEARLY },
    ]);
    const [plan, mailbox] = pkg.productInstances.map((instance) => instance.instanceId) as [
      string,
      string,
    ];
    const instancePath = `/resellers/v1/packages/product-instances`;
    expect(
      (await harness.call('PATCH', `${instancePath}/${plan}/${DEMO_SITES.customerAMain}`)).status,
    ).toBe(200);
    expect((await harness.call('PATCH', `${instancePath}/${plan}/unassign`)).status).toBe(200);
    const adjust = await harness.call('PATCH', `${instancePath}/${plan}`, {
      body: { catalogProductId: PRODUCTS.premiumBusiness, billingInfo: YEARLY },
    });
    expect(adjust.status).toBe(200);
    harness.control.setInstanceStatus(plan, 'ENABLED');
    harness.control.setInstanceStatus(mailbox, 'FAILED', {
      code: 'EXTERNAL_FAILURE',
      message: 'provider down',
    });
    expect((await harness.call('DELETE', `${instancePath}/${plan}`)).status).toBe(200);
    const second = await harness.createOk([
      { catalogProductId: PRODUCTS.premiumLight, billingInfo: YEARLY },
    ]);
    expect((await harness.call('DELETE', `/resellers/v1/packages/${second.id}`)).status).toBe(200);

    const webhooks = await decodedAll(9);
    expect(webhooks.map((w) => w.event.slug)).toEqual([
      'created',
      'assigned_product_instance_to_site',
      'unassigned_product_instance_from_site',
      'adjusted_product_instance_specifications',
      'product_instance_updated',
      'product_instance_failed',
      'product_instance_canceled',
      'created',
      'package_canceled',
    ]);
    const bodies = webhooks.map((w) => w.body);
    expect(bodies[1]).toMatchObject({ productInstanceId: plan, siteId: DEMO_SITES.customerAMain });
    expect(bodies[1]!.package.productInstances[0]!.siteId).toBe(DEMO_SITES.customerAMain);
    expect(bodies[2]).toMatchObject({
      productInstanceId: plan,
      metaSiteId: DEMO_SITES.customerAMain,
    });
    expect(bodies[2]!.package.productInstances[0]!.siteId).toBeUndefined();
    expect(bodies[3]!.package.productInstances[0]!.catalogProductId).toBe(PRODUCTS.premiumBusiness);
    expect(bodies[4]).toMatchObject({ productInstanceId: plan });
    expect(bodies[4]!.package.productInstances[0]!.status).toBe('ENABLED');
    expect(bodies[5]).toMatchObject({
      productInstanceId: mailbox,
      reason: { code: 'EXTERNAL_FAILURE', message: 'provider down' },
    });
    expect(bodies[6]!.package.productInstances[0]!.status).toBe('CANCELED');
    expect(bodies[8]!.package.productInstances[0]!.status).toBe('CANCELED');
    expect(webhooks[8]!.body).not.toHaveProperty('productInstanceId');

    const firstPackage = webhooks.filter((w) => w.event.entityId === pkg.id);
    expect(firstPackage).toHaveLength(7);
    const sequences = firstPackage.map((w) => Number(w.event.entityEventSequence));
    for (let i = 1; i < sequences.length; i++) {
      expect(sequences[i]!).toBeGreaterThan(sequences[i - 1]!);
    }
    for (const webhook of webhooks) {
      expect(webhook.event.eventTime).toBe(webhook.body.package.updatedDate);
    }
    expect(new Set(webhooks.map((w) => w.event.id)).size).toBe(9);
    expect(harness.control.domainEvents().map((e) => e.id)).toEqual(
      webhooks.map((w) => w.event.id),
    );
  });

  it('reports nothing for changes that change nothing (second cancel, replayed idempotency key, same site)', async () => {
    const pkg = await harness.createOk([
      {
        catalogProductId: PRODUCTS.premiumCore,
        billingInfo: YEARLY,
        siteId: DEMO_SITES.customerAMain,
      },
    ]);
    const instanceId = pkg.productInstances[0]!.instanceId;
    const instancePath = `/resellers/v1/packages/product-instances`;
    expect(
      (await harness.call('PATCH', `${instancePath}/${instanceId}/${DEMO_SITES.customerAMain}`))
        .status,
    ).toBe(200);
    const cancel = { body: { idempotencyKey: 'cancel-1' } };
    expect((await harness.call('DELETE', `/resellers/v1/packages/${pkg.id}`, cancel)).status).toBe(
      200,
    );
    expect((await harness.call('DELETE', `/resellers/v1/packages/${pkg.id}`, cancel)).status).toBe(
      200,
    );
    expect((await harness.call('DELETE', `/resellers/v1/packages/${pkg.id}`)).status).toBe(200);
    await harness.control.whenWebhooksIdle();
    expect(harness.control.domainEvents().map((e) => e.slug)).toEqual([
      'created',
      'package_canceled',
    ]);
    expect(receiver.received).toHaveLength(2);
  });

  it('exposes the public key on the admin route and the control, and a forged key does not verify', async () => {
    const pem = harness.control.webhookPublicKeyPem();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const route = await harness.call('GET', '/_emulator/webhooks/public-key');
    expect(route.status).toBe(200);
    expect(route.body).toEqual({ algorithm: 'RS256', publicKey: pem });

    await harness.createOk([{ catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY }]);
    const [webhook] = await receiver.waitFor(1);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const otherPem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(decodeWebhook(webhook!.body, otherPem)).rejects.toThrow(/signature/);
  });
});

describe('emulator webhooks: target and key', () => {
  it('signs with a given private key and takes its target at run time (control and admin route)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const receiver = await WebhookReceiver.start();
    const harness = await EmulatorHarness.start({ webhookPrivateKeyPem: privatePem });
    try {
      expect(harness.control.webhookPublicKeyPem()).toBe(publicPem);
      await harness.createOk([{ catalogProductId: PRODUCTS.premiumCore, billingInfo: YEARLY }]);
      await harness.control.whenWebhooksIdle();
      expect(harness.control.webhookDeliveries()).toEqual([
        expect.objectContaining({ slug: 'created', outcome: 'no-target', attempt: 1 }),
      ]);
      expect(receiver.received).toHaveLength(0);

      const put = await harness.call('PUT', '/_emulator/webhooks', { body: { url: receiver.url } });
      expect(put.status).toBe(200);
      expect(put.body.url).toBe(receiver.url);
      await harness.createOk([{ catalogProductId: PRODUCTS.premiumLight, billingInfo: YEARLY }]);
      const [webhook] = await receiver.waitFor(1);
      expect((await decodeWebhook(webhook!.body, publicPem)).event.slug).toBe('created');

      harness.control.setWebhookTarget(undefined);
      expect(harness.control.webhookSettings().url).toBeUndefined();
      const bad = await harness.call('PUT', '/_emulator/webhooks', {
        body: { url: 'ftp://x', faults: { duplicateRate: 2 }, nope: 1 },
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/url must be/);
      expect(JSON.stringify(bad.body)).toMatch(/faults.duplicateRate/);
      expect(JSON.stringify(bad.body)).toMatch(/unknown field nope/);
    } finally {
      await harness.close();
      await receiver.close();
    }
  });

  it('refuses a signing key that is not an RSA private key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(EmulatorHarness.start({ webhookPrivateKeyPem: pem })).rejects.toThrow(/RSA/);
    await expect(EmulatorHarness.start({ webhookPrivateKeyPem: 'nope' })).rejects.toThrow(/PEM/);
  });
});
