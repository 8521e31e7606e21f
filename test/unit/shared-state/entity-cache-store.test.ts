/**
 * The entity cache's store twins, held to one contract: the in-process twin, and the Redis
 * twin over a private redis-server (two "replicas" on separate connections share it). Then
 * what only one twin does: bounds and expiry of the in-process one; the Redis one with its
 * server gone and back.
 */
import Redis from 'ioredis';
import {
  createInProcessEntityCacheStore,
  type EntityCacheStore,
} from '../../../src/shared-state/entity-cache-store';
import { createRedisEntityCacheStore } from '../../../src/shared-state/redis-entity-cache-store';
import { aPackage, instanceId, packageId } from '../../helpers/package-fixtures';
import {
  describeWithRedis,
  startRedisServer,
  type TestRedisServer,
} from '../../helpers/redis-server';

const ACCOUNT_A = 'a0000000-0000-4000-8000-00000000000a';
const ACCOUNT_B = 'b0000000-0000-4000-8000-00000000000b';
const TTL_MS = 60_000;

/** Package 1 of account A with two instances, last updated `updatedAt` minutes after base. */
function packageOne(updatedAt: number, externalId = `v${updatedAt}`) {
  return aPackage({
    id: 1,
    accountId: ACCOUNT_A,
    updatedAt,
    externalId,
    instances: [{ id: 1 }, { id: 2 }],
  });
}

const PAGE = { packages: [packageOne(1)], metadata: { count: 1 } };

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The contract. `pair()` returns two handles on one shared cache (for the in-process twin the
 * same store twice: it is one process's).
 */
function behavesAsTheEntityCache(pair: () => Promise<[EntityCacheStore, EntityCacheStore]>): void {
  const externalIdOf = async (store: EntityCacheStore, accounts: string[] = [ACCOUNT_A]) =>
    (await store.packagesById(accounts, [packageId(1)])).get(packageId(1))?.externalId;

  it('serves a filled package by id and by each instance id, in any letter case', async () => {
    const [one, two] = await pair();
    expect((await two.packagesById([ACCOUNT_A], [packageId(1)])).size).toBe(0);
    await one.fill([packageOne(1)]);
    const byId = await two.packagesById([ACCOUNT_A.toUpperCase()], [packageId(1).toUpperCase()]);
    expect(byId.get(packageId(1))?.externalId).toBe('v1');
    const byInstance = await two.packagesByInstanceId([ACCOUNT_A], [instanceId(1), instanceId(2)]);
    expect(byInstance.get(instanceId(1))?.id).toBe(packageId(1));
    expect(byInstance.get(instanceId(2))?.id).toBe(packageId(1));
  });

  it("never serves one account's entry to a scope without that account", async () => {
    const [one, two] = await pair();
    await one.fill([packageOne(1)]);
    expect((await two.packagesById([ACCOUNT_B], [packageId(1)])).size).toBe(0);
    expect((await two.packagesByInstanceId([ACCOUNT_B], [instanceId(1)])).size).toBe(0);
    // A scope naming the package's account (a parent with its sub-account) does see it.
    expect(await externalIdOf(two, [ACCOUNT_B, ACCOUNT_A])).toBe('v1');
  });

  it('refuses a fill older than, or as old as, the state held', async () => {
    const [one, two] = await pair();
    await one.fill([packageOne(5)]);
    await two.fill([packageOne(3)]);
    expect(await externalIdOf(one)).toBe('v5');
    await two.fill([packageOne(5, 'same date, read later')]);
    expect(await externalIdOf(one)).toBe('v5');
    await two.fill([packageOne(6)]);
    expect(await externalIdOf(one)).toBe('v6');
  });

  it('lets a change replace an older or equal state, never a newer one', async () => {
    const [one, two] = await pair();
    await one.fill([packageOne(5)]);
    const change = (updatedAt: number, externalId?: string) => ({
      accountId: ACCOUNT_A,
      packageId: packageId(1),
      package: packageOne(updatedAt, externalId),
    });
    await two.applyChange(change(4));
    expect(await externalIdOf(one)).toBe('v5');
    await two.applyChange(change(5, 'changed in the same millisecond'));
    expect(await externalIdOf(one)).toBe('changed in the same millisecond');
    await two.applyChange(change(7));
    expect(await externalIdOf(one)).toBe('v7');
    // A read that started before the change and ended after it cannot put its state back.
    await one.fill([packageOne(6)]);
    expect(await externalIdOf(two)).toBe('v7');
  });

  it('forgets a package on a change without its state, and takes no fill until expiry', async () => {
    const [one, two] = await pair();
    await one.fill([packageOne(5)]);
    await two.applyChange({ accountId: ACCOUNT_A, packageId: packageId(1).toUpperCase() });
    expect(await externalIdOf(one)).toBeUndefined();
    expect((await one.packagesByInstanceId([ACCOUNT_A], [instanceId(1)])).size).toBe(0);
    await one.fill([packageOne(9)]);
    expect(await externalIdOf(two)).toBeUndefined();
  });

  it('serves a list page until any account of its scope changes', async () => {
    const [one, two] = await pair();
    const scope = [ACCOUNT_A, ACCOUNT_B];
    const miss = await one.list(scope, 'page-1');
    expect(miss.hit).toBe(false);
    if (miss.hit) return;
    await one.putList(miss.ticket, PAGE);
    expect(await two.list([ACCOUNT_B, ACCOUNT_A], 'page-1')).toMatchObject({
      hit: true,
      page: PAGE,
    });
    // Another scope's page and another account's change leave it alone.
    expect((await two.list([ACCOUNT_A], 'page-1-of-a')).hit).toBe(false);
    await two.applyChange({
      accountId: 'c0000000-0000-4000-8000-00000000000c',
      packageId: packageId(9),
    });
    expect((await one.list(scope, 'page-1')).hit).toBe(true);
    await two.applyChange({ accountId: ACCOUNT_B.toUpperCase(), packageId: packageId(2) });
    expect((await one.list(scope, 'page-1')).hit).toBe(false);
  });

  it('never serves a page read across a change (stored with the stamp taken before)', async () => {
    const [one, two] = await pair();
    const before = await one.list([ACCOUNT_A], 'page-2');
    if (before.hit) throw new Error('expected a miss');
    await two.applyChange({
      accountId: ACCOUNT_A,
      packageId: packageId(1),
      package: packageOne(8),
    });
    await one.putList(before.ticket, PAGE);
    expect((await two.list([ACCOUNT_A], 'page-2')).hit).toBe(false);
  });
}

describe('in-process entity cache store', () => {
  behavesAsTheEntityCache(async () => {
    const store = createInProcessEntityCacheStore(TTL_MS);
    return [store, store];
  });

  it('lets entries expire after the TTL', async () => {
    let now = 1_000;
    const store = createInProcessEntityCacheStore(100, undefined, () => now);
    await store.fill([packageOne(1)]);
    const miss = await store.list([ACCOUNT_A], 'page');
    if (!miss.hit) await store.putList(miss.ticket, PAGE);
    now += 99;
    expect((await store.packagesById([ACCOUNT_A], [packageId(1)])).size).toBe(1);
    expect((await store.list([ACCOUNT_A], 'page')).hit).toBe(true);
    now += 200;
    expect((await store.packagesById([ACCOUNT_A], [packageId(1)])).size).toBe(0);
    expect((await store.packagesByInstanceId([ACCOUNT_A], [instanceId(1)])).size).toBe(0);
    expect((await store.list([ACCOUNT_A], 'page')).hit).toBe(false);
  });

  it('is bounded in size: the least recently used entries go first', async () => {
    const store = createInProcessEntityCacheStore(TTL_MS, {
      packageWeight: 4,
      instances: 4,
      listWeight: 5,
    });
    const pkg = (n: number) => aPackage({ id: n, accountId: ACCOUNT_A }); // weight 2 each
    await store.fill([pkg(1), pkg(2)]);
    await store.packagesById([ACCOUNT_A], [packageId(1)]); // 1 is now the most recently used
    await store.fill([pkg(3)]);
    const held = await store.packagesById([ACCOUNT_A], [packageId(1), packageId(2), packageId(3)]);
    expect([...held.keys()].sort()).toEqual([packageId(1), packageId(3)]);
    for (const key of ['a', 'b']) {
      const miss = await store.list([ACCOUNT_A], key);
      if (!miss.hit) await store.putList(miss.ticket, PAGE); // weight 1 + 3
    }
    expect((await store.list([ACCOUNT_A], 'a')).hit).toBe(false);
    expect((await store.list([ACCOUNT_A], 'b')).hit).toBe(true);
  });

  it('weighs a package by its instances: a large one pushes out several small ones', async () => {
    const store = createInProcessEntityCacheStore(TTL_MS, {
      packageWeight: 6,
      instances: 100,
      listWeight: 100,
    });
    const small = (n: number) => aPackage({ id: n, accountId: ACCOUNT_A });
    await store.fill([small(1), small(2), small(3)]);
    const large = aPackage({
      id: 4,
      accountId: ACCOUNT_A,
      instances: [{ id: 41 }, { id: 42 }, { id: 43 }],
    });
    await store.fill([large]);
    const ids = [1, 2, 3, 4].map(packageId);
    const held = await store.packagesById([ACCOUNT_A], ids);
    expect([...held.keys()].sort()).toEqual([packageId(3), packageId(4)]);
    // One heavier than the whole bound is not kept (it would push out everything else).
    await store.fill([
      aPackage({
        id: 5,
        accountId: ACCOUNT_A,
        instances: [51, 52, 53, 54, 55, 56].map((id) => ({ id })),
      }),
    ]);
    const after = await store.packagesById([ACCOUNT_A], [packageId(4), packageId(5)]);
    expect([...after.keys()]).toEqual([packageId(4)]);
  });
});

describeWithRedis('Redis entity cache store', () => {
  let server: TestRedisServer;
  const connections: Redis[] = [];
  let prefixes = 0;

  async function connect(): Promise<Redis> {
    const client = new Redis(server.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 3_000,
      retryStrategy: (times) => Math.min(times * 50, 500),
    });
    client.on('error', () => {});
    connections.push(client);
    await until(async () => client.status === 'ready', 'a Redis connection');
    return client;
  }

  /** Two replicas' stores on one Redis, under a prefix of their own (tests do not interfere). */
  async function replicas(ttlMs = TTL_MS): Promise<[EntityCacheStore, EntityCacheStore]> {
    const keyPrefix = `test:ec:${++prefixes}:`;
    return [
      createRedisEntityCacheStore(await connect(), { ttlMs, keyPrefix }),
      createRedisEntityCacheStore(await connect(), { ttlMs, keyPrefix }),
    ];
  }

  beforeAll(async () => {
    server = await startRedisServer();
  }, 30_000);

  afterAll(async () => {
    for (const connection of connections) connection.disconnect();
    await server?.stop();
  });

  behavesAsTheEntityCache(() => replicas());

  it('lets entries expire after the TTL (Redis PX)', async () => {
    const [one, two] = await replicas(300);
    await one.fill([packageOne(1)]);
    expect((await two.packagesById([ACCOUNT_A], [packageId(1)])).size).toBe(1);
    await until(
      async () => (await two.packagesById([ACCOUNT_A], [packageId(1)])).size === 0,
      'the entry to expire',
    );
  });

  it('answers misses while Redis is gone, and writes a change it missed once Redis is back', async () => {
    const [one, two] = await replicas();
    await one.fill([packageOne(1)]);
    await server.kill();
    await until(async () => connections.every((c) => c.status !== 'ready'), 'disconnection');
    // Lookups are misses, fills are dropped, list lookups are misses: nothing throws.
    expect((await one.packagesById([ACCOUNT_A], [packageId(1)])).size).toBe(0);
    await one.fill([packageOne(2)]);
    expect((await one.list([ACCOUNT_A], 'page')).hit).toBe(false);
    // The change is remembered while Redis cannot take it …
    await one.applyChange({
      accountId: ACCOUNT_A,
      packageId: packageId(1),
      package: packageOne(3),
    });
    await server.restart();
    // … and written when it is back (the restarted server is empty: only the replay fills it).
    await until(
      async () =>
        (await two.packagesById([ACCOUNT_A], [packageId(1)])).get(packageId(1))?.externalId ===
        'v3',
      'the missed change to be written after reconnection',
    );
  }, 60_000);
});
