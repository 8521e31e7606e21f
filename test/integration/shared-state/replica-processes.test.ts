/**
 * Two gateway replicas as real processes (`src/main.ts`, nothing shared in memory), one private
 * redis-server, one emulator standing in for Wix: a subscriber on replica 2 receives a webhook
 * posted to replica 1 once, and once when the same signed event is posted to both; a persisted
 * query registered on 1 runs on 2; with Redis killed, both keep answering.
 * (replicas.test.ts shows the same with in-process replicas, where a shortcut through shared
 * memory could hide a gap: here only Redis and HTTP connect them.)
 */
import { createHash } from 'node:crypto';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS, startEmulator, type RunningEmulator } from '../../../src/emulator';
import { bearer, tokenFor } from '../../helpers/auth-tokens';
import type { GatewayProcess } from '../../helpers/gateway-process';
import { sseClientFor } from '../../helpers/live-clients';
import { sampleSum } from '../../helpers/prometheus-text';
import {
  describeWithRedis,
  startRedisServer,
  type TestRedisServer,
} from '../../helpers/redis-server';
import { startReplicaProcesses, type ReplicaProcesses } from '../../helpers/replica-processes';
import { postWebhook, signedInstanceEnabledEvent } from '../../helpers/signed-webhooks';
import { collectStream } from '../../helpers/stream-collector';

const { reseller } = DEMO_ACCOUNTS;
const SUBSCRIPTION = 'subscription { packageChanged { eventId kind package { id } } }';
const QUERY = '{ packages(first: 2) { edges { node { id } } } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');
const PERSISTED = { persistedQuery: { version: 1, sha256Hash: HASH } };

interface Change {
  readonly eventId: string;
  readonly kind: string;
  readonly package: { id: string } | null;
}

async function graphql(
  replica: GatewayProcess,
  body: Record<string, unknown>,
  authorization: Record<string, string>,
): Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }> {
  const response = await fetch(`${replica.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authorization },
    body: JSON.stringify(body),
  });
  return (await response.json()) as {
    data?: unknown;
    errors?: { extensions?: { code?: string } }[];
  };
}

/** Waits (deadline, no fixed sleep) until `replica` reports `count` open subscriptions. */
async function subscriptionsOpen(replica: GatewayProcess, count: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const metrics = await (await fetch(`${replica.url}/metrics`)).text();
    if (sampleSum(metrics, 'gateway_live_subscriptions') >= count) return;
    if (Date.now() > deadline) throw new Error(`replica has fewer than ${count} subscriptions`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeWithRedis('two gateway processes sharing one Redis', () => {
  let redis: TestRedisServer;
  let emulator: RunningEmulator;
  let one: GatewayProcess;
  let two: GatewayProcess;
  let replicas: ReplicaProcesses | undefined;
  let auth: Record<string, string>;

  beforeAll(async () => {
    redis = await startRedisServer();
    emulator = await startEmulator({ seed: 'demo' });
    replicas = await startReplicaProcesses(emulator, redis);
    ({ one, two } = replicas);
    auth = bearer(await tokenFor(reseller, [SCOPE.read]));
  }, 90_000);
  afterAll(async () => {
    await replicas?.stop();
    await emulator?.close();
    await redis?.stop();
  });

  it('a subscriber on replica 2 gets a webhook posted to replica 1 once, and once when posted to both', async () => {
    const client = sseClientFor(two.url, auth.authorization);
    const changes = collectStream(
      client.iterate<{ packageChanged: Change }>({ query: SUBSCRIPTION }),
    );
    try {
      await subscriptionsOpen(two, 1);

      const first = await signedInstanceEnabledEvent(emulator, reseller, 911);
      expect(await postWebhook(one.url, first.body)).toEqual({
        status: 200,
        body: { status: 'accepted' },
      });
      const received = await changes.item(0, 15_000);
      expect(received.data?.packageChanged).toMatchObject({
        eventId: first.eventId,
        kind: 'INSTANCE_UPDATED',
        package: { id: first.packageId },
      });

      // Wix delivers one event to both replicas: one publishes, the other answers duplicate.
      const both = await signedInstanceEnabledEvent(emulator, reseller, 912);
      const answers = await Promise.all([
        postWebhook(one.url, both.body),
        postWebhook(two.url, both.body),
      ]);
      expect(answers.map((answer) => (answer.body as { status: string }).status).sort()).toEqual([
        'accepted',
        'duplicate',
      ]);
      // A last event marks the end: whatever arrived before it is all that arrived.
      const marker = await signedInstanceEnabledEvent(emulator, reseller, 913);
      await postWebhook(one.url, marker.body);
      // Both posts were answered, so both PUBLISHes preceded the marker's on the one channel.
      await changes.item(2, 15_000);
      expect(changes.items.map((item) => item.data?.packageChanged.eventId)).toEqual([
        first.eventId,
        both.eventId,
        marker.eventId,
      ]);
    } finally {
      client.dispose();
    }
  });

  it('a persisted query registered on replica 1 runs on replica 2 by its hash alone', async () => {
    const unknown = await graphql(two, { extensions: PERSISTED }, auth);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await graphql(one, { query: QUERY, extensions: PERSISTED }, auth);
    expect(registered.errors).toBeUndefined();
    const byHash = await graphql(two, { extensions: PERSISTED }, auth);
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data).toEqual(registered.data);
  });

  it('with Redis killed mid-test, both replicas keep answering queries', async () => {
    await redis.kill();
    for (const replica of [one, two]) {
      for (let i = 0; i < 3; i += 1) {
        const answer = await graphql(replica, { query: QUERY }, auth);
        expect(answer.errors).toBeUndefined();
        expect((answer.data as { packages: { edges: unknown[] } }).packages.edges).toHaveLength(2);
      }
      const ready = (await (await fetch(`${replica.url}/readyz`)).json()) as {
        status: string;
        checks: { redis: string };
      };
      expect(ready).toMatchObject({ status: 'ready', checks: { redis: 'unavailable' } });
    }
  });
});
