/**
 * The gateway's Wix webhook receiver over real HTTP: verification (signature, algorithm),
 * malformed envelopes, de-duplication, and the emulator delivering real events end to end.
 * A recording change bus shows what was published: a refused webhook publishes nothing.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { createInProcessChangeBus, type ChangeBus } from '../../../src/live/change-bus';
import type { PackageChangeEvent } from '../../../src/live/package-change';
import { DEMO_ACCOUNTS, PRODUCTS } from '../../../src/emulator';
import type { WixDomainEvent, WixPackage } from '../../../src/wix/wire-types';
import { WIX_PACKAGES_ENTITY_FQDN } from '../../../src/wix/wire-types';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../../helpers/test-gateway';

function rsaKeyPair(): { privateKey: KeyObject; privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const WIX_KEY = rsaKeyPair();
const FORGER_KEY = rsaKeyPair();

const PKG: WixPackage = {
  id: '6f1c2a9e-3b4d-4e8f-9a10-2b3c4d5e6f70',
  accountId: DEMO_ACCOUNTS.customerA,
  productInstances: [
    {
      instanceId: '9e8d7c6b-5a49-4382-a716-f5e4d3c2b1a0',
      catalogProductId: PRODUCTS.premiumCore,
      status: 'ENABLED',
      createdDate: '2024-05-01T10:00:00.120Z',
      updatedDate: '2024-05-01T10:05:00.000Z',
    },
  ],
  createdDate: '2024-05-01T10:00:00.450Z',
  updatedDate: '2024-05-01T10:05:00.000Z',
};

let eventCounter = 0;
function domainEvent(overrides: Partial<WixDomainEvent> = {}): WixDomainEvent {
  eventCounter += 1;
  return {
    id: `0000${eventCounter}`.slice(-4) + '-event-id',
    entityFqdn: WIX_PACKAGES_ENTITY_FQDN,
    slug: 'product_instance_updated',
    entityId: PKG.id,
    eventTime: '2024-05-01T10:05:00.010Z',
    entityEventSequence: '7',
    actionEvent: {
      bodyAsJson: JSON.stringify({
        package: PKG,
        productInstanceId: PKG.productInstances[0]!.instanceId,
      }),
    },
    ...overrides,
  };
}

function envelopeOf(event: unknown): string {
  return JSON.stringify({
    eventType: 'wix.premium.reseller.v1.packages_product_instance_updated',
    instanceId: 'app-instance',
    data: typeof event === 'string' ? event : JSON.stringify(event),
    identity: JSON.stringify({ identityType: 'APP', appId: 'app' }),
  });
}

function sign(
  data: string,
  key: KeyObject = WIX_KEY.privateKey,
  issuedAtSec = Math.floor(Date.now() / 1000),
): Promise<string> {
  return new SignJWT({ data })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuedAt(issuedAtSec)
    .sign(key);
}

describe('POST /webhooks/wix', () => {
  let gateway: TestGateway;
  const published: PackageChangeEvent[] = [];

  beforeAll(async () => {
    const bus = createInProcessChangeBus();
    bus.subscribe((event) => published.push(event));
    gateway = await startTestGateway({
      env: { WIX_WEBHOOK_PUBLIC_KEY: WIX_KEY.publicPem },
      emulator: { webhookPrivateKeyPem: WIX_KEY.privatePem },
      gateway: { changeBus: bus },
    });
  });
  afterAll(() => gateway.close());
  beforeEach(() => {
    published.length = 0;
  });

  const post = async (
    body: string,
    init: { method?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${gateway.url}/webhooks/wix`, {
      method: init.method ?? 'POST',
      headers: { 'content-type': 'text/plain', ...init.headers },
      ...(init.method === 'GET' ? {} : { body }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  it('publishes a validly signed event as a package change of the package’s account', async () => {
    const event = domainEvent();
    const answer = await post(await sign(envelopeOf(event)));
    expect(answer).toEqual({ status: 200, body: { status: 'accepted' } });
    expect(published).toEqual([
      {
        eventId: event.id,
        kind: 'INSTANCE_UPDATED',
        occurredAt: event.eventTime,
        accountId: PKG.accountId,
        packageId: PKG.id,
        productInstanceId: PKG.productInstances[0]!.instanceId,
        package: PKG,
        order: 7,
        source: 'webhook',
      },
    ]);
  });

  it('answers a repeated DomainEvent id with 200 and publishes it once (a resend with a new token too)', async () => {
    const event = domainEvent();
    const token = await sign(envelopeOf(event));
    expect((await post(token)).body).toEqual({ status: 'accepted' });
    expect(await post(token)).toEqual({ status: 200, body: { status: 'duplicate' } });
    const resent = await sign(envelopeOf(event), WIX_KEY.privateKey, 1_700_000_000);
    expect(resent).not.toBe(token);
    expect((await post(resent)).body).toEqual({ status: 'duplicate' });
    expect(published.map((change) => change.eventId)).toEqual([event.id]);
  });

  it('refuses forged, unsigned, alg-confused and garbage tokens with 401 and publishes nothing', async () => {
    const data = envelopeOf(domainEvent());
    const forged = await sign(data, FORGER_KEY.privateKey);
    const unsigned = new UnsecuredJWT({ data }).encode();
    const hsWithPublicKey = await new SignJWT({ data })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(WIX_KEY.publicPem));
    // The right key but another RSA algorithm: RS256 only.
    const otherRsaAlgorithms = await Promise.all(
      ['RS512', 'PS256'].map((alg) =>
        new SignJWT({ data }).setProtectedHeader({ alg }).sign(WIX_KEY.privateKey),
      ),
    );
    const valid = await sign(data);
    const [header, payload] = valid.split('.');
    const tampered = `${header}.${Buffer.from(
      JSON.stringify({ data: envelopeOf(domainEvent()) }),
    ).toString('base64url')}.${valid.split('.')[2]}`;
    const tokens = [forged, unsigned, hsWithPublicKey, ...otherRsaAlgorithms, tampered];
    for (const token of [...tokens, 'not a jwt', '', payload!]) {
      expect(await post(token)).toEqual({ status: 401, body: { error: 'invalid signature' } });
    }
    expect(published).toEqual([]);
  });

  it('refuses a verified but malformed envelope or DomainEvent with 400 and publishes nothing', async () => {
    const bodies = [
      await new SignJWT({ other: 1 }).setProtectedHeader({ alg: 'RS256' }).sign(WIX_KEY.privateKey),
      await sign('not json'),
      await sign(envelopeOf('not json either')),
      await sign(envelopeOf({ ...domainEvent(), id: '' })),
      await sign(envelopeOf(domainEvent({ actionEvent: { bodyAsJson: '{"package":{}}' } }))),
      await sign(envelopeOf(domainEvent({ slug: 'created', actionEvent: undefined }))),
    ];
    for (const body of bodies) {
      expect(await post(body)).toEqual({ status: 400, body: { error: 'malformed webhook' } });
    }
    expect(published).toEqual([]);
  });

  it('answers 200 without publishing for events of other entities and unknown slugs', async () => {
    const other = await sign(envelopeOf(domainEvent({ entityFqdn: 'wix.sites.v1.site' })));
    const unknownSlug = await sign(envelopeOf(domainEvent({ slug: 'deleted' })));
    expect(await post(other)).toEqual({ status: 200, body: { status: 'ignored' } });
    expect(await post(unknownSlug)).toEqual({ status: 200, body: { status: 'ignored' } });
    expect(published).toEqual([]);
  });

  it('bounds the body (413) and takes only POST (405)', async () => {
    expect((await post('x'.repeat(4 * 1024 * 1024 + 1))).status).toBe(413);
    const get = await fetch(`${gateway.url}/webhooks/wix`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(published).toEqual([]);
  });

  it('receives the emulator’s real deliveries end to end (creation, then provisioning)', async () => {
    const control = gateway.emulator.control;
    control.setWebhookTarget(`${gateway.url}/webhooks/wix`);
    try {
      const response = await fetch(`${gateway.emulator.url}/resellers/v2/packages`, {
        method: 'POST',
        headers: {
          authorization: TEST_API_KEY,
          'wix-account-id': DEMO_ACCOUNTS.customerB,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          products: [
            {
              catalogProductId: PRODUCTS.premiumCore,
              countryCode: 'BR',
              billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
            },
          ],
        }),
      });
      const created = ((await response.json()) as { package: WixPackage }).package;
      const instanceId = created.productInstances[0]!.instanceId;
      control.setInstanceStatus(instanceId, 'ENABLED');
      await control.whenWebhooksIdle();

      expect(control.webhookDeliveries().map((d) => [d.slug, d.outcome, d.status])).toEqual([
        ['created', 'delivered', 200],
        ['product_instance_updated', 'delivered', 200],
      ]);
      const events = control.domainEvents();
      expect(published).toEqual([
        expect.objectContaining({
          eventId: events[0]!.id,
          kind: 'CREATED',
          accountId: DEMO_ACCOUNTS.customerB,
          packageId: created.id,
          package: created,
          order: Number(events[0]!.entityEventSequence),
          source: 'webhook',
        }),
        expect.objectContaining({
          eventId: events[1]!.id,
          kind: 'INSTANCE_UPDATED',
          productInstanceId: instanceId,
          order: Number(events[1]!.entityEventSequence),
        }),
      ]);
      expect(published[1]!.package!.productInstances[0]!.status).toBe('ENABLED');
    } finally {
      control.setWebhookTarget(undefined);
    }
  });

  it('de-duplicates the emulator’s duplicate fault and counts outcomes in /metrics, logging no token or body', async () => {
    const control = gateway.emulator.control;
    control.setWebhookTarget(`${gateway.url}/webhooks/wix`);
    control.configureWebhooks({ faults: { duplicateRate: 1 } });
    try {
      const pkg = control.findPackages(() => true)[0]!;
      const response = await fetch(`${gateway.emulator.url}/resellers/v1/packages/${pkg.id}`, {
        method: 'DELETE',
        headers: {
          authorization: TEST_API_KEY,
          'wix-account-id': pkg.accountId,
          'content-type': 'application/json',
        },
      });
      expect(response.status).toBe(200);
      await control.whenWebhooksIdle();
      expect(
        control
          .webhookDeliveries()
          .slice(-2)
          .map((d) => d.fault ?? '-'),
      ).toEqual(['-', 'duplicate']);
      expect(published.map((change) => change.kind)).toEqual(['CANCELED']);
    } finally {
      control.configureWebhooks({ faults: { duplicateRate: 0 } });
      control.setWebhookTarget(undefined);
    }
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    const value = (line: string): number =>
      Number(
        metrics
          .split('\n')
          .find((l) => l.startsWith(line))
          ?.split(' ')
          .pop(),
      );
    expect(value('gateway_webhooks_received_total')).toBeGreaterThanOrEqual(20);
    expect(value('gateway_webhooks_rejected_total{reason="signature"}')).toBe(9);
    expect(value('gateway_webhooks_rejected_total{reason="malformed"}')).toBe(6);
    expect(value('gateway_webhooks_duplicate_total')).toBe(3);
    expect(value('gateway_webhooks_ignored_total')).toBe(2);
    expect(value('gateway_webhooks_published_total{kind="CANCELED"}')).toBe(1);

    const log = gateway.logLines.join('\n');
    expect(log).toContain('webhook.rejected');
    expect(log).not.toContain(PKG.id);
    expect(log).not.toContain('eyJ'); // no JWT (base64url of '{"') anywhere
  });
});

describe('POST /webhooks/wix without WIX_WEBHOOK_PUBLIC_KEY', () => {
  it('does not exist', async () => {
    const gateway = await startTestGateway();
    try {
      const response = await fetch(`${gateway.url}/webhooks/wix`, {
        method: 'POST',
        body: await sign(envelopeOf(domainEvent())),
      });
      expect(response.status).toBe(404);
    } finally {
      await gateway.close();
    }
  });
});

describe('POST /webhooks/wix when publishing fails', () => {
  it('answers 500, and the resend of the same DomainEvent is published once (not a duplicate)', async () => {
    const inner = createInProcessChangeBus();
    const published: PackageChangeEvent[] = [];
    inner.subscribe((event) => published.push(event));
    let failuresLeft = 1;
    const bus: ChangeBus = {
      publish: async (event) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('bus unavailable');
        }
        await inner.publish(event);
      },
      subscribe: (listener) => inner.subscribe(listener),
      close: () => inner.close(),
    };
    const gateway = await startTestGateway({
      env: { WIX_WEBHOOK_PUBLIC_KEY: WIX_KEY.publicPem },
      emulator: { webhookPrivateKeyPem: WIX_KEY.privatePem },
      gateway: { changeBus: bus },
    });
    try {
      const event = domainEvent();
      const post = async (token: string) => {
        const response = await fetch(`${gateway.url}/webhooks/wix`, {
          method: 'POST',
          body: token,
        });
        return { status: response.status, body: (await response.json()) as unknown };
      };
      const first = await post(await sign(envelopeOf(event)));
      expect(first.status).toBe(500);
      expect(JSON.stringify(first.body)).not.toContain('bus unavailable');
      expect(published).toEqual([]);

      const resent = await sign(envelopeOf(event), WIX_KEY.privateKey, 1_700_000_000);
      expect(await post(resent)).toEqual({ status: 200, body: { status: 'accepted' } });
      expect(await post(resent)).toEqual({ status: 200, body: { status: 'duplicate' } });
      expect(published.map((change) => change.eventId)).toEqual([event.id]);
    } finally {
      await gateway.close();
    }
  });
});
