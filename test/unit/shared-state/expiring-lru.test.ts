import { createExpiringLru } from '../../../src/shared-state/expiring-lru';

function clock() {
  let time = 1_000;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('createExpiringLru', () => {
  it('drops the least recently used past its capacity, a hit counting as a use', () => {
    const lru = createExpiringLru<string>(3, 10_000);
    lru.set('a', 'A');
    lru.set('b', 'B');
    lru.set('c', 'C');
    expect(lru.get('a')).toBe('A'); // now b is the least recently used
    lru.set('d', 'D');
    expect([lru.get('a'), lru.get('b'), lru.get('c'), lru.get('d')]).toEqual([
      'A',
      undefined,
      'C',
      'D',
    ]);
    expect(lru.size).toBe(3);
  });

  it('forgets an entry ttlMs after it was set, and a set again renews it', () => {
    const time = clock();
    const lru = createExpiringLru<string>(10, 100, time.now);
    lru.set('a', 'A1');
    lru.set('b', 'B');
    time.advance(60);
    lru.set('a', 'A2');
    time.advance(60);
    expect([lru.get('a'), lru.get('b')]).toEqual(['A2', undefined]);
    expect(lru.size).toBe(1);
  });

  it('weighs entries, and keeps nothing heavier than its whole capacity', () => {
    const lru = createExpiringLru<number>(10, 10_000, Date.now, (value) => value);
    lru.set('six', 6);
    lru.set('three', 3);
    lru.set('four', 4); // 13 > 10: the oldest (six) goes
    expect([lru.get('six'), lru.get('three'), lru.get('four')]).toEqual([undefined, 3, 4]);
    lru.set('three', 11); // too heavy: the old value goes too
    expect([lru.get('three'), lru.get('four'), lru.size]).toEqual([undefined, 4, 1]);
    lru.set('five', 5);
    lru.set('four', 2); // lighter in place: nothing is evicted
    expect([lru.get('four'), lru.get('five'), lru.size]).toEqual([2, 5, 2]);
  });

  it('deletes on request', () => {
    const lru = createExpiringLru<string>(3, 10_000);
    lru.set('a', 'A');
    lru.set('b', 'B');
    lru.delete('a');
    lru.delete('missing');
    lru.set('c', 'C');
    lru.set('d', 'D');
    expect([lru.get('a'), lru.get('b'), lru.get('c'), lru.get('d')]).toEqual([
      undefined,
      'B',
      'C',
      'D',
    ]);
  });

  it('changes no Map on a hit (see the module: replaced tables chain in V8)', () => {
    const lru = createExpiringLru<string>(3, 10_000);
    lru.set('a', 'A');
    lru.set('b', 'B');
    const set = jest.spyOn(Map.prototype, 'set');
    const remove = jest.spyOn(Map.prototype, 'delete');
    for (let index = 0; index < 100; index += 1) lru.get(index % 2 === 0 ? 'a' : 'b');
    expect([set.mock.calls.length, remove.mock.calls.length]).toEqual([0, 0]);
    set.mockRestore();
    remove.mockRestore();
  });
});
