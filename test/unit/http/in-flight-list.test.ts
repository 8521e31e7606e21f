import { InFlightList } from '../../../src/http/in-flight-list';

const items = (names: string[]) => names.map((name) => ({ name }));

describe('InFlightList', () => {
  it('drains what was added and not removed, newest first', () => {
    const list = new InFlightList<{ name: string }>();
    const [a, b, c, d] = items(['a', 'b', 'c', 'd']) as [
      { name: string },
      { name: string },
      { name: string },
      { name: string },
    ];
    for (const item of [a, b, c, d]) list.add(item);
    list.delete(c); // a middle one
    list.delete(d); // the newest
    list.delete(a); // the oldest
    expect(list.drain()).toEqual([b]);
    expect(list.drain()).toEqual([]);
  });

  it('ignores removing what is not in it, twice, or after a drain', () => {
    const list = new InFlightList<{ name: string }>();
    const [a, b, stranger] = items(['a', 'b', 'stranger']) as [
      { name: string },
      { name: string },
      { name: string },
    ];
    list.add(a);
    list.add(b);
    list.delete(stranger);
    list.delete(b);
    list.delete(b);
    expect(list.drain()).toEqual([a]);
    list.delete(a);
    list.add(b);
    expect(list.drain()).toEqual([b]);
  });

  it('leaves no link on a removed object, and keeps nothing in a Set or Map', () => {
    const set = jest.spyOn(Set.prototype, 'add');
    const map = jest.spyOn(Map.prototype, 'set');
    const list = new InFlightList<{ name: string }>();
    const [a, b] = items(['a', 'b']) as [{ name: string }, { name: string }];
    list.add(a);
    list.add(b);
    list.delete(a);
    expect(Object.getOwnPropertySymbols(a).map((symbol) => Reflect.get(a, symbol))).toEqual([
      undefined,
      undefined,
    ]);
    expect([set.mock.calls.length, map.mock.calls.length]).toEqual([0, 0]);
    set.mockRestore();
    map.mockRestore();
  });
});
