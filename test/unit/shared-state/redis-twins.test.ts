/**
 * The Redis twins of the shared stores, each used by two "replicas" (separate connections)
 * over a private redis-server, and with that server gone.
 */
import Redis from 'ioredis';
import type { PackageChangeEvent } from '../../../src/live/package-change';
import { createRedisPersistedQueryCache } from '../../../src/shared-state/persisted-query-cache';
import { createRedisChangeBus } from '../../../src/shared-state/redis-change-bus';
import { createRedisOnceStore } from '../../../src/shared-state/redis-once-store';
import {
  describeWithRedis,
  startRedisServer,
  type TestRedisServer,
} from '../../helpers/redis-server';

function change(eventId: string): PackageChangeEvent {
  return {
    eventId,
    kind: 'CANCELED',
    occurredAt: '2026-12-01T20:00:00.000Z',
    accountId: '1b2c3d4e-5f60-4172-8384-a5b6c7d8e9f0',
    packageId: '2db7f3a0-9513-4167-bcd9-b7a9d4aec335',
    source: 'webhook',
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeWithRedis('Redis twins of the shared stores', () => {
  let server: TestRedisServer;
  const connections: Redis[] = [];

  async function connect(): Promise<Redis> {
    const client = new Redis(server.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 3_000,
      retryStrategy: (times) => Math.min(times * 50, 500),
    });
    client.on('error', () => {});
    connections.push(client);
    await until(() => client.status === 'ready', 'a Redis connection');
    return client;
  }

  /** A subscriber connection (offline queue on, so SUBSCRIBE may be issued before ready). */
  async function subscriberConnection(): Promise<Redis> {
    const client = new Redis(server.url, {
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(times * 50, 500),
    });
    client.on('error', () => {});
    connections.push(client);
    await until(() => client.status === 'ready', 'a subscriber connection');
    return client;
  }

  async function replicaBus(channel = 'test:changes') {
    const subscriber = await subscriberConnection();
    const bus = createRedisChangeBus({ publisher: await connect(), subscriber, channel });
    const received: string[] = [];
    bus.subscribe((event) => received.push(event.eventId));
    return { bus, received };
  }

  /** Resolves once Redis counts `count` subscribed connections on `channel`. */
  async function subscribed(channel: string, count: number): Promise<void> {
    const client = await connect();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [, subscribers] = (await client.pubsub('NUMSUB', channel)) as [string, number];
      if (Number(subscribers) >= count) return;
      if (Date.now() > deadline) throw new Error(`fewer than ${count} subscribers on ${channel}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const connection of connections) connection.disconnect();
    await server.stop();
  });

  describe('ChangeBus', () => {
    it('an event published on one replica reaches every replica exactly once', async () => {
      const one = await replicaBus();
      const two = await replicaBus();
      await subscribed('test:changes', 2);
      await one.bus.publish(change('event-1'));
      await two.bus.publish(change('event-1'));
      // Pub/sub keeps order per connection: once the marker arrived, event-1 had arrived.
      await one.bus.publish(change('marker'));
      await until(
        () => one.received.includes('marker') && two.received.includes('marker'),
        'the marker on both replicas',
      );
      expect(one.received).toEqual(['event-1', 'marker']);
      expect(two.received).toEqual(['event-1', 'marker']);
      await one.bus.close();
      await two.bus.close();
    });
  });

  describe('OnceStore', () => {
    it('the same key is claimed once across replicas, and again after its expiry', async () => {
      const one = createRedisOnceStore(await connect(), 'test:once:');
      const two = createRedisOnceStore(await connect(), 'test:once:');
      const claims = await Promise.all([one.claim('evt-9', 300), two.claim('evt-9', 300)]);
      expect(claims.sort()).toEqual([false, true]);
      expect(await one.claim('evt-10', 60_000)).toBe(true);
      let again = false;
      const deadline = Date.now() + 10_000;
      while (!again && Date.now() < deadline) again = await two.claim('evt-9', 300);
      expect(again).toBe(true);
    });
  });

  describe('persisted queries', () => {
    it('a hash registered on one replica is found on the other', async () => {
      const one = createRedisPersistedQueryCache(await connect(), { keyPrefix: 'test:apq:' });
      const two = createRedisPersistedQueryCache(await connect(), { keyPrefix: 'test:apq:' });
      expect(await two.get('abc')).toBeUndefined();
      await one.set('abc', '{ packages { totalCount } }', { ttl: 300 });
      expect(await two.get('abc')).toBe('{ packages { totalCount } }');
    });
  });

  describe('a bus created while Redis is down', () => {
    it('subscribes once Redis is back (its first SUBSCRIBE failed)', async () => {
      await server.kill();
      const subscriber = new Redis(server.url, {
        maxRetriesPerRequest: 0,
        retryStrategy: (times) => Math.min(times * 50, 500),
      });
      subscriber.on('error', () => {});
      connections.push(subscriber);
      const failures: unknown[] = [];
      const publisher = new Redis(server.url, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        retryStrategy: (times) => Math.min(times * 50, 500),
      });
      publisher.on('error', () => {});
      connections.push(publisher);
      const bus = createRedisChangeBus({
        publisher,
        subscriber,
        channel: 'test:late',
        onError: (error) => failures.push(error),
      });
      const received: string[] = [];
      bus.subscribe((event) => received.push(event.eventId));
      // The queued SUBSCRIBE fails at the first failed connection attempt.
      await until(() => failures.length > 0, 'the first SUBSCRIBE to fail');

      await server.restart();
      await subscribed('test:late', 1);
      const two = await replicaBus('test:late');
      await subscribed('test:late', 2);
      await two.bus.publish(change('after-restart'));
      await until(() => received.includes('after-restart'), 'the event through Redis');
      expect(received).toEqual(['after-restart']);
      await two.bus.close();
      await bus.close();
    });
  });

  describe('with Redis gone', () => {
    it('every store keeps answering from its in-process fallback', async () => {
      const subscriber = await subscriberConnection();
      const publisher = await connect();
      const bus = createRedisChangeBus({ publisher, subscriber, channel: 'test:down' });
      const received: string[] = [];
      bus.subscribe((event) => received.push(event.eventId));
      const once = createRedisOnceStore(publisher, 'test:down:');
      const apq = createRedisPersistedQueryCache(publisher, { keyPrefix: 'test:down:' });
      // ioredis resubscribes only what Redis acknowledged: kill only after the SUBSCRIBE landed
      // (under load it could still be in flight, and then nothing is resubscribed).
      await subscribed('test:down', 1);

      await server.kill();
      await until(() => publisher.status !== 'ready', 'the connection to notice');

      await bus.publish(change('local-1'));
      expect(received).toEqual(['local-1']);
      expect(await once.claim('k', 60_000)).toBe(true);
      expect(await once.claim('k', 60_000)).toBe(false);
      await apq.set('h', 'query { x }');
      expect(await apq.get('h')).toBe('query { x }');
      expect(await apq.get('unknown')).toBeUndefined();

      await server.restart();
      await until(() => publisher.status === 'ready', 'the reconnection');
      await until(() => subscriber.status === 'ready', 'the subscriber reconnection');
      // ioredis resubscribed: an event of another replica arrives through Redis again, once.
      const two = await replicaBus('test:down');
      await subscribed('test:down', 2);
      await two.bus.publish(change('after'));
      await until(() => received.includes('after'), 'the event through Redis');
      await two.bus.publish(change('marker'));
      await until(() => received.includes('marker'), 'the marker');
      expect(received).toEqual(['local-1', 'after', 'marker']);
      await two.bus.close();
      await bus.close();
    });
  });
});
