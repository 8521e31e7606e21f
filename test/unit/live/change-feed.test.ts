import { createInProcessChangeBus } from '../../../src/live/change-bus';
import { createChangeFeed } from '../../../src/live/change-feed';
import type { PackageChangeEvent } from '../../../src/live/package-change';
import { SlowConsumerError } from '../../../src/live/subscriber-queue';

let sequence = 0;
function change(accountId: string, packageId = `p-${accountId}`): PackageChangeEvent {
  sequence += 1;
  return {
    eventId: `e${sequence}`,
    kind: 'INSTANCE_UPDATED',
    occurredAt: '2024-01-01T00:00:00.000Z',
    accountId,
    packageId,
    order: sequence,
    source: 'webhook',
  };
}

async function take<T>(stream: AsyncIterator<T>, count: number): Promise<T[]> {
  const items: T[] = [];
  while (items.length < count) {
    const next = await stream.next();
    if (next.done === true) break;
    items.push(next.value);
  }
  return items;
}

describe('change feed', () => {
  it("delivers a change only to subscribers of its package's account", async () => {
    const bus = createInProcessChangeBus();
    const feed = createChangeFeed({ bus, queueLimit: 10 });
    const ofA = feed.subscribe({ accountIds: ['A'] });
    const ofB = feed.subscribe({ accountIds: ['b'] });
    const ofBoth = feed.subscribe({ accountIds: ['a', 'b'] });
    await bus.publish(change('a'));
    await bus.publish(change('B'));
    expect((await take(ofA, 1)).map((event) => event.accountId)).toEqual(['a']);
    expect((await take(ofB, 1)).map((event) => event.accountId)).toEqual(['B']);
    expect((await take(ofBoth, 2)).map((event) => event.accountId)).toEqual(['a', 'B']);
    expect(feed.watchedAccounts().sort()).toEqual(['a', 'b']);
    feed.close();
    expect(await ofA.next()).toEqual({ value: undefined, done: true });
  });

  it('narrows to packageIds', async () => {
    const bus = createInProcessChangeBus();
    const feed = createChangeFeed({ bus, queueLimit: 10 });
    const sub = feed.subscribe({ accountIds: ['a'], packageIds: ['P2'] });
    await bus.publish(change('a', 'p1'));
    await bus.publish(change('a', 'p2'));
    expect((await take(sub, 1)).map((event) => event.packageId)).toEqual(['p2']);
    feed.close();
  });

  it('drops a slow consumer with SlowConsumerError and keeps serving the others', async () => {
    const bus = createInProcessChangeBus();
    const dropped: string[] = [];
    const feed = createChangeFeed({
      bus,
      queueLimit: 2,
      observer: { dropped: (reason) => dropped.push(reason) },
    });
    const ends: (Error | undefined)[] = [];
    const slow = feed.subscribe({ accountIds: ['a'], onEnd: (error) => ends.push(error) });
    const fast = feed.subscribe({ accountIds: ['a'] });
    for (let n = 0; n < 3; n += 1) {
      await bus.publish(change('a', `p${n}`));
      expect((await take(fast, 1))[0]?.packageId).toBe(`p${n}`);
    }
    expect(ends).toHaveLength(1);
    expect(ends[0]).toBeInstanceOf(SlowConsumerError);
    await expect(slow.next()).rejects.toBeInstanceOf(SlowConsumerError);
    expect(await slow.next()).toEqual({ value: undefined, done: true });
    expect(dropped).toEqual(['slow_consumer']);
    expect(feed.subscriptionCount()).toBe(1);
    feed.close();
  });

  it('drops stale changes before they reach anyone', async () => {
    const bus = createInProcessChangeBus();
    const feed = createChangeFeed({ bus, queueLimit: 10 });
    const sub = feed.subscribe({ accountIds: ['a'] });
    const newer = change('a');
    const older = { ...change('a'), order: newer.order! - 1 };
    await bus.publish(newer);
    await bus.publish(older);
    await bus.publish(change('a'));
    expect((await take(sub, 2)).map((event) => event.eventId)).toEqual([
      newer.eventId,
      `e${sequence}`,
    ]);
    feed.close();
  });

  it('forgets a subscriber that returns', async () => {
    const feed = createChangeFeed({ bus: createInProcessChangeBus(), queueLimit: 10 });
    const sub = feed.subscribe({ accountIds: ['a'] });
    await sub.return?.();
    expect(feed.subscriptionCount()).toBe(0);
    expect(feed.watchedAccounts()).toEqual([]);
  });
});
