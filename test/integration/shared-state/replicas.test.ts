/**
 * Two gateway replicas (separate in-process gateways, each with its own state and its own
 * Redis connections), one private redis-server, one emulator: what one replica learns, the
 * other knows.
 */
import { createHash } from 'node:crypto';
import { startEmulator, DEMO_ACCOUNTS, type RunningEmulator } from '../../../src/emulator';
import type { PackageChangeEvent } from '../../../src/live/package-change';
import { postGraphQL } from '../../helpers/gateway-http';
import {
  describeWithRedis,
  startRedisServer,
  type TestRedisServer,
} from '../../helpers/redis-server';
import { postWebhook, signedInstanceEnabledEvent } from '../../helpers/signed-webhooks';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const QUERY = '{ packages(first: 3) { edges { node { id } } } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');
const PERSISTED = { persistedQuery: { version: 1, sha256Hash: HASH } };

function change(eventId: string): PackageChangeEvent {
  return {
    eventId,
    kind: 'CANCELED',
    occurredAt: new Date().toISOString(),
    accountId: DEMO_ACCOUNTS.reseller,
    packageId: '2db7f3a0-9513-4167-bcd9-b7a9d4aec335',
    order: Date.now(),
    source: 'webhook',
  };
}

describeWithRedis('two replicas sharing Redis', () => {
  let redis: TestRedisServer;
  let emulator: RunningEmulator;
  let one: TestGateway;
  let two: TestGateway;

  beforeAll(async () => {
    redis = await startRedisServer();
    emulator = await startEmulator({ seed: 'demo' });
    [one, two] = await Promise.all(
      [1, 2].map(() =>
        startTestGateway({
          sharedEmulator: emulator,
          env: {
            REDIS_URL: redis.url,
            REDIS_CONNECT_TIMEOUT_MS: '5000',
            REDIS_COMMAND_TIMEOUT_MS: '3000',
            WIX_WATCH_INTERVAL_MS: '0',
            WIX_WEBHOOK_PUBLIC_KEY: emulator.control.webhookPublicKeyPem(),
          },
        }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
    await emulator?.close();
    await redis?.stop();
  });

  it('a persisted query registered on replica 1 runs on replica 2 by its hash alone', async () => {
    const unknown = await postGraphQL(two, { extensions: PERSISTED });
    expect(unknown.json().errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await postGraphQL(one, { query: QUERY, extensions: PERSISTED });
    expect(registered.json().errors).toBeUndefined();

    const byHash = await postGraphQL(two, { extensions: PERSISTED });
    expect(byHash.status).toBe(200);
    expect(byHash.json().errors).toBeUndefined();
    expect(byHash.json().data).toEqual(registered.json().data);
  });

  it('a change published on replica 1 reaches a subscriber on replica 2 once', async () => {
    const stream = two.gateway.live.feed.subscribe({ accountIds: [DEMO_ACCOUNTS.reseller] });
    const received: string[] = [];
    const reading = (async () => {
      for await (const event of stream) {
        received.push(event.eventId);
        if (event.eventId === 'marker') break;
      }
    })();
    // Published on both replicas (one Wix event delivered twice): still seen once.
    await one.gateway.live.bus.publish(change('evt-1'));
    await two.gateway.live.bus.publish(change('evt-1'));
    await one.gateway.live.bus.publish(change('marker'));
    await reading;
    expect(received).toEqual(['evt-1', 'marker']);
  });

  it('the same signed Wix event posted to both replicas is published once (SET NX in Redis)', async () => {
    const event = await signedInstanceEnabledEvent(emulator, DEMO_ACCOUNTS.reseller, 901);
    expect(await postWebhook(one.url, event.body)).toEqual({
      status: 200,
      body: { status: 'accepted' },
    });
    // Replica 2 never saw it, yet knows it: the claim is in Redis, not in replica 1's memory.
    expect(await postWebhook(two.url, event.body)).toEqual({
      status: 200,
      body: { status: 'duplicate' },
    });
  });

  it('with Redis killed, both replicas keep answering and report it; then recover', async () => {
    await redis.kill();
    for (const replica of [one, two]) {
      const answer = await replica.graphql(QUERY);
      expect(answer.body.errors).toBeUndefined();
      const ready = await fetch(`${replica.url}/readyz`).then((response) => response.json());
      expect(ready).toMatchObject({ status: 'ready', checks: { redis: 'unavailable' } });
    }
    await redis.restart();
    for (const replica of [one, two]) {
      const deadline = Date.now() + 10_000;
      let state = '';
      while (state !== 'ready' && Date.now() < deadline) {
        const ready = (await fetch(`${replica.url}/readyz`).then((response) =>
          response.json(),
        )) as { checks: { redis: string } };
        state = ready.checks.redis;
        if (state !== 'ready') await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(state).toBe('ready');
    }
  });
});
