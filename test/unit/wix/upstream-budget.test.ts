/**
 * The upstream call budget on its own: in one process (memory) and shared by two "replicas"
 * over a private redis-server, including Redis disappearing mid-way.
 */
import Redis from 'ioredis';
import { WixRateLimitedError } from '../../../src/wix/errors';
import { createUpstreamBudget, type UpstreamBudget } from '../../../src/wix/upstream-budget';
import {
  describeWithRedis,
  startRedisServer,
  type TestRedisServer,
} from '../../helpers/redis-server';

const ACCOUNT_A = '11111111-1111-4111-8111-111111111111';
const ACCOUNT_B = '22222222-2222-4222-8222-222222222222';

/** Acquires `count` times; returns how many were let through and the refusals. */
async function burst(budget: UpstreamBudget, count: number, accountId = ACCOUNT_A) {
  const outcomes = await Promise.allSettled(
    Array.from({ length: count }, () => budget.acquire('queryPackages', accountId)),
  );
  const refusals = outcomes
    .filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
    .map((outcome) => outcome.reason as unknown);
  return { granted: count - refusals.length, refusals };
}

describe('upstream budget in one process', () => {
  it('lets perMinute calls through and refuses the next with the wait before room', async () => {
    const budget = createUpstreamBudget({ perMinute: 3, accountSharePercent: 100, maxWaitMs: 0 });
    const { granted, refusals } = await burst(budget, 5);
    expect(granted).toBe(3);
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(WixRateLimitedError);
      // A fixed one-minute window: room comes back within the minute.
      expect((refusal as WixRateLimitedError).retryAfterMs).toBeGreaterThan(1_000);
      expect((refusal as WixRateLimitedError).retryAfterMs).toBeLessThanOrEqual(60_000);
    }
  });

  it('caps one account at its share and leaves the rest to the others', async () => {
    const budget = createUpstreamBudget({ perMinute: 4, accountSharePercent: 50, maxWaitMs: 0 });
    expect((await burst(budget, 4, ACCOUNT_A)).granted).toBe(2);
    expect((await burst(budget, 4, ACCOUNT_B)).granted).toBe(2);
    // The global budget is now used up for everyone.
    expect((await burst(budget, 1, '33333333-3333-4333-8333-333333333333')).granted).toBe(0);
  });

  it('a pause waits in the queue when it ends within the allowed wait', async () => {
    const waits: number[] = [];
    const budget = createUpstreamBudget({
      perMinute: 100,
      accountSharePercent: 100,
      maxWaitMs: 5_000,
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    await budget.pause(150);
    await budget.acquire('getPackage', ACCOUNT_A);
    // One wait for the pause (a timer may fire a millisecond early: then one more short one).
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits[0]).toBeGreaterThan(100);
    expect(waits[0]).toBeLessThanOrEqual(150);
    expect(waits.slice(1).every((ms) => ms <= 5)).toBe(true);
  });

  it('a pause longer than the allowed wait refuses at once, naming the pause', async () => {
    const budget = createUpstreamBudget({
      perMinute: 100,
      accountSharePercent: 100,
      maxWaitMs: 50,
    });
    await budget.pause(30_000);
    const refusal = await budget.acquire('getPackage', ACCOUNT_A).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WixRateLimitedError);
    expect((refusal as WixRateLimitedError).retryAfterMs).toBeGreaterThan(29_000);
  });

  it('never waits past the deadline', async () => {
    const budget = createUpstreamBudget({
      perMinute: 100,
      accountSharePercent: 100,
      maxWaitMs: 10_000,
    });
    await budget.pause(2_000);
    const refusal = await budget
      .acquire('getPackage', ACCOUNT_A, Date.now() + 100)
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WixRateLimitedError);
  });

  it('bounds the queue: beyond maxQueued waiters, calls are refused at once', async () => {
    const budget = createUpstreamBudget({
      perMinute: 100,
      accountSharePercent: 100,
      maxWaitMs: 5_000,
      maxQueued: 2,
    });
    await budget.pause(300);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, () => budget.acquire('getPackage', ACCOUNT_A)),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
  });
});

describeWithRedis('upstream budget shared over Redis', () => {
  let server: TestRedisServer;
  const clients: Redis[] = [];

  async function replicaClient(): Promise<Redis> {
    const client = new Redis(server.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 250,
      retryStrategy: (times) => Math.min(times * 50, 500),
    });
    client.on('error', () => {});
    clients.push(client);
    await new Promise<void>((resolve) => client.once('ready', () => resolve()));
    return client;
  }

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server.stop();
  });

  it('two replicas together stay within one budget', async () => {
    const keyPrefix = 'test:shared-budget';
    const options = { perMinute: 5, accountSharePercent: 100, maxWaitMs: 0, keyPrefix };
    const one = createUpstreamBudget({ ...options, redis: await replicaClient() });
    const two = createUpstreamBudget({ ...options, redis: await replicaClient() });
    const [first, second] = await Promise.all([burst(one, 6), burst(two, 6)]);
    expect(first.granted + second.granted).toBe(5);
  });

  it("a refusal by the global budget gives the account's point back", async () => {
    const keyPrefix = 'test:reward';
    const client = await replicaClient();
    const budget = createUpstreamBudget({
      perMinute: 4,
      accountSharePercent: 50,
      maxWaitMs: 0,
      keyPrefix,
      redis: client,
    });
    expect((await burst(budget, 1, ACCOUNT_A)).granted).toBe(1);
    expect((await burst(budget, 3, ACCOUNT_B)).granted).toBe(2);
    expect((await burst(budget, 1, '33333333-3333-4333-8333-333333333333')).granted).toBe(1);
    // A still has room in its share, but the global budget is used up.
    expect((await burst(budget, 1, ACCOUNT_A)).granted).toBe(0);
    expect(await client.get(`${keyPrefix}:account:${ACCOUNT_A}`)).toBe('1');
  });

  it('a pause seen by one replica stops the other', async () => {
    const keyPrefix = 'test:shared-pause';
    const options = { perMinute: 100, accountSharePercent: 100, maxWaitMs: 0, keyPrefix };
    const one = createUpstreamBudget({ ...options, redis: await replicaClient() });
    const two = createUpstreamBudget({ ...options, redis: await replicaClient() });
    await one.pause(20_000);
    const refusal = await two.acquire('getPackage', ACCOUNT_A).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WixRateLimitedError);
    expect((refusal as WixRateLimitedError).retryAfterMs).toBeGreaterThan(15_000);
  });

  it('keeps answering from the in-memory insurance while Redis is down, and recovers', async () => {
    const keyPrefix = 'test:insurance';
    const client = await replicaClient();
    const budget = createUpstreamBudget({
      perMinute: 3,
      accountSharePercent: 100,
      maxWaitMs: 0,
      keyPrefix,
      redis: client,
    });
    await server.kill();
    // Redis is gone: the insurance limiter counts in memory (same budget, this process).
    const { granted, refusals } = await burst(budget, 5);
    expect(granted).toBe(3);
    expect(refusals.every((refusal) => refusal instanceof WixRateLimitedError)).toBe(true);

    await server.restart();
    const deadline = Date.now() + 10_000;
    while (client.status !== 'ready' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(client.status).toBe('ready');
    // Back on Redis (an empty one): the shared count starts again.
    expect((await burst(budget, 3)).granted).toBe(3);
    expect(await client.get(`${keyPrefix}:all:upstream`)).toBe('3');
  });
});
